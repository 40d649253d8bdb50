package mechos.perception.internal.slam;

import mechos.hal.api.Pose2D;

/**
 * Correlative scan matching (Olson 2009, as in Cartographer's real-time matcher and slam_toolbox): the scan's
 * endpoints, in the robot frame, are scored against a {@link ScoreField} at every pose of a window around the
 * prediction (odometry motion prior) — translations one cell apart, headings {@code angularStep} apart — and the
 * best pose is then refined below the cell size by hill climbing on the interpolated field. A small penalty on
 * the distance from the prediction keeps the match near odometry where the map is ambiguous (a long corridor).
 */
public final class ScanMatcher {
    /**
     * @param linearWindow  half-width of the searched translations (m)
     * @param angularWindow half-width of the searched headings (rad)
     * @param angularStep   heading step of the exhaustive search (rad)
     * @param priorWeight   penalty per (m² / linearWindow²) and (rad² / angularWindow²) away from the prediction,
     *                      as a fraction of the score
     */
    public record Params(double linearWindow, double angularWindow, double angularStep, double priorWeight) {
        public Params {
            if (!(linearWindow >= 0) || !(angularWindow >= 0) || !(angularStep > 0) || !(priorWeight >= 0)
                    || !Double.isFinite(linearWindow + angularWindow + angularStep + priorWeight)) {
                throw new IllegalArgumentException("scan matcher windows/steps must be finite and >= 0 (step > 0): "
                        + linearWindow + ", " + angularWindow + ", " + angularStep + ", " + priorWeight);
            }
        }

        public static Params defaults() {
            return new Params(0.2, Math.toRadians(4), Math.toRadians(0.5), 0.05);
        }
    }

    /**
     * A match.
     *
     * @param pose    best pose of the robot in the field's frame
     * @param score   mean field value at the endpoints (0..1)
     * @param quality fraction of endpoints within about one σ of an obstacle (0..1)
     */
    public record Match(Pose2D pose, double score, double quality) {
    }

    private final Params params;

    public ScanMatcher(Params params) {
        this.params = params;
    }

    /**
     * @param field      the map to match against
     * @param xs         endpoint x in the robot frame
     * @param ys         endpoint y in the robot frame
     * @param n          number of endpoints
     * @param prediction predicted robot pose in the field's frame
     * @return the best match; its quality is 0 when there are no endpoints
     */
    public Match match(ScoreField field, double[] xs, double[] ys, int n, Pose2D prediction) {
        if (n == 0) {
            return new Match(prediction, 0, 0);
        }
        // the exhaustive search steps at least 5 cm (a finer field is resolved by the refinement below)
        double res = Math.max(field.resolution(), 0.05);
        int steps = (int) Math.round(params.linearWindow() / res);
        int angles = (int) Math.round(params.angularWindow() / params.angularStep());
        double[] rx = new double[n];
        double[] ry = new double[n];
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestX = prediction.x();
        double bestY = prediction.y();
        double bestT = prediction.theta();
        double linNorm = params.linearWindow() > 0 ? params.linearWindow() * params.linearWindow() : 1;
        double angNorm = params.angularWindow() > 0 ? params.angularWindow() * params.angularWindow() : 1;
        for (int a = -angles; a <= angles; a++) {
            double theta = prediction.theta() + a * params.angularStep();
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            for (int i = 0; i < n; i++) {
                rx[i] = c * xs[i] - s * ys[i];
                ry[i] = s * xs[i] + c * ys[i];
            }
            double angPenalty = params.priorWeight() * (a * params.angularStep()) * (a * params.angularStep())
                    / angNorm;
            for (int j = -steps; j <= steps; j++) {
                double ty = prediction.y() + j * res;
                for (int k = -steps; k <= steps; k++) {
                    double tx = prediction.x() + k * res;
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += field.at(tx + rx[i], ty + ry[i]);
                    }
                    double d2 = (j * res) * (j * res) + (k * res) * (k * res);
                    double score = sum / n - params.priorWeight() * d2 / linNorm - angPenalty;
                    if (score > bestScore) {
                        bestScore = score;
                        bestX = tx;
                        bestY = ty;
                        bestT = theta;
                    }
                }
            }
        }
        // sub-cell refinement: hill climbing on the interpolated field, halving the steps
        double stepL = res / 2;
        double stepA = params.angularStep() / 2;
        double current = interpolatedScore(field, xs, ys, n, bestX, bestY, bestT);
        for (int round = 0; round < 5; round++) {
            boolean improved = true;
            for (int guard = 0; improved && guard < 20; guard++) {
                improved = false;
                double[][] moves = {{stepL, 0, 0}, {-stepL, 0, 0}, {0, stepL, 0}, {0, -stepL, 0}, {0, 0, stepA},
                    {0, 0, -stepA}};
                for (double[] m : moves) {
                    double v = interpolatedScore(field, xs, ys, n, bestX + m[0], bestY + m[1], bestT + m[2]);
                    if (v > current) {
                        current = v;
                        bestX += m[0];
                        bestY += m[1];
                        bestT += m[2];
                        improved = true;
                    }
                }
            }
            stepL /= 2;
            stepA /= 2;
        }
        double c = Math.cos(bestT);
        double s = Math.sin(bestT);
        int near = 0;
        for (int i = 0; i < n; i++) {
            if (field.at(bestX + c * xs[i] - s * ys[i], bestY + s * xs[i] + c * ys[i]) > 0.5) {
                near++;
            }
        }
        return new Match(new Pose2D(bestX, bestY, Pose2D.wrap(bestT)), current, (double) near / n);
    }

    private static double interpolatedScore(ScoreField field, double[] xs, double[] ys, int n, double x, double y,
            double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += field.interpolated(x + c * xs[i] - s * ys[i], y + s * xs[i] + c * ys[i]);
        }
        return sum / n;
    }
}
