package mechos.hal.serial.internal.roboclaw;

import mechos.hal.api.DriveGeometry;

/**
 * Converts between body velocity, wheel surface speeds and the controller's motor channels (M1/M2, signed
 * quadrature pulses per second), honouring which motor is left and which one is mounted reversed.
 */
record WheelMapping(DriveGeometry geometry, double ticksPerMetre, boolean swapMotors, boolean leftInverted,
        boolean rightInverted) {

    /** @return {M1, M2} speeds in pulses per second for a body velocity, scaled down to the hardware limits */
    int[] motorSpeeds(double linear, double angular) {
        double half = geometry.wheelSeparation() / 2;
        double left = linear - angular * half;
        double right = linear + angular * half;
        double peak = Math.max(Math.abs(left), Math.abs(right));
        if (peak > geometry.maxLinear()) {
            double scale = geometry.maxLinear() / peak;
            left *= scale;
            right *= scale;
        }
        int l = (int) Math.round(left * ticksPerMetre) * (leftInverted ? -1 : 1);
        int r = (int) Math.round(right * ticksPerMetre) * (rightInverted ? -1 : 1);
        return swapMotors ? new int[] { r, l } : new int[] { l, r };
    }

    /** @return {left, right} counts or speeds (forward positive) from {M1, M2} values */
    int[] leftRight(int m1, int m2) {
        int l = swapMotors ? m2 : m1;
        int r = swapMotors ? m1 : m2;
        return new int[] { leftInverted ? -l : l, rightInverted ? -r : r };
    }

    double metresPerTick() {
        return 1.0 / ticksPerMetre;
    }
}
