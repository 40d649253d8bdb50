package mechos.webconsole.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import mechos.hal.api.Device;
import mechos.hal.api.DriveBase;
import mechos.hal.api.Lidar;
import mechos.kernel.api.DeviceRegistry;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.memory.api.EpisodicMemory;
import mechos.memory.api.Recorder;
import mechos.memory.api.TaskBoard;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.PoseEstimator;
import mechos.perception.api.Transforms;
import mechos.perception.api.WorldModel;
import mechos.platform.api.RunDirectory;
import mechos.runtime.api.Agent;

/**
 * Every robot service the page reads or acts through, each optional and dynamic: the console works (degraded)
 * without the kernel, perception, runtime or memory, and picks them up when they come back.
 *
 * <p>One optional provider is an {@link AtomicReference}; unbind does {@code compareAndSet(old, null)} because a
 * greedy replacement is bound before the old service is unbound.
 */
@Component(service = RobotServices.class)
public final class RobotServices {
    private final AtomicReference<Kernel> kernel = new AtomicReference<>();
    private final AtomicReference<OperatorControl> operator = new AtomicReference<>();
    private final AtomicReference<DeviceRegistry> devices = new AtomicReference<>();
    private final AtomicReference<Agent> agent = new AtomicReference<>();
    private final AtomicReference<WorldModel> world = new AtomicReference<>();
    private final AtomicReference<PoseEstimator> pose = new AtomicReference<>();
    private final AtomicReference<OccupancyMap> map = new AtomicReference<>();
    private final AtomicReference<Transforms> transforms = new AtomicReference<>();
    private final AtomicReference<Recorder> recorder = new AtomicReference<>();
    private final AtomicReference<EpisodicMemory> memory = new AtomicReference<>();
    private final AtomicReference<TaskBoard> tasks = new AtomicReference<>();
    private final AtomicReference<RunDirectory> runDirectory = new AtomicReference<>();
    private final AtomicReference<mechos.platform.api.ConfigurationRefusals> refusals = new AtomicReference<>();
    private final Map<String, Lidar> lidars = new ConcurrentSkipListMap<>();
    private final Map<String, DriveBase> drives = new ConcurrentSkipListMap<>();

    public Optional<Kernel> kernel() {
        return Optional.ofNullable(kernel.get());
    }

    public Optional<OperatorControl> operatorControl() {
        return Optional.ofNullable(operator.get());
    }

    public Optional<DeviceRegistry> deviceRegistry() {
        return Optional.ofNullable(devices.get());
    }

    public Optional<Agent> agent() {
        return Optional.ofNullable(agent.get());
    }

    public Optional<WorldModel> worldModel() {
        return Optional.ofNullable(world.get());
    }

    public Optional<PoseEstimator> poseEstimator() {
        return Optional.ofNullable(pose.get());
    }

    public Optional<OccupancyMap> occupancyMap() {
        return Optional.ofNullable(map.get());
    }

    public Optional<Transforms> transforms() {
        return Optional.ofNullable(transforms.get());
    }

    public Optional<Recorder> recorder() {
        return Optional.ofNullable(recorder.get());
    }

    public Optional<EpisodicMemory> episodicMemory() {
        return Optional.ofNullable(memory.get());
    }

    public Optional<TaskBoard> taskBoard() {
        return Optional.ofNullable(tasks.get());
    }

    public Optional<RunDirectory> runDirectory() {
        return Optional.ofNullable(runDirectory.get());
    }

    /** @return the platform's current refusals of configuration values by their metatype bounds */
    public Optional<mechos.platform.api.ConfigurationRefusals> configurationRefusals() {
        return Optional.ofNullable(refusals.get());
    }

    /** @return the LiDARs by device id */
    public List<Lidar> lidars() {
        return List.copyOf(lidars.values());
    }

    /** @return the drive bases by device id */
    public List<DriveBase> driveBases() {
        return List.copyOf(drives.values());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindKernel(Kernel k) {
        kernel.set(k);
    }

    void unbindKernel(Kernel k) {
        kernel.compareAndSet(k, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOperatorControl(OperatorControl o) {
        operator.set(o);
    }

    void unbindOperatorControl(OperatorControl o) {
        operator.compareAndSet(o, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeviceRegistry(DeviceRegistry d) {
        devices.set(d);
    }

    void unbindDeviceRegistry(DeviceRegistry d) {
        devices.compareAndSet(d, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAgent(Agent a) {
        agent.set(a);
    }

    void unbindAgent(Agent a) {
        agent.compareAndSet(a, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWorldModel(WorldModel w) {
        world.set(w);
    }

    void unbindWorldModel(WorldModel w) {
        world.compareAndSet(w, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPoseEstimator(PoseEstimator p) {
        pose.set(p);
    }

    void unbindPoseEstimator(PoseEstimator p) {
        pose.compareAndSet(p, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOccupancyMap(OccupancyMap m) {
        map.set(m);
    }

    void unbindOccupancyMap(OccupancyMap m) {
        map.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransforms(Transforms t) {
        transforms.set(t);
    }

    void unbindTransforms(Transforms t) {
        transforms.compareAndSet(t, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRecorder(Recorder r) {
        recorder.set(r);
    }

    void unbindRecorder(Recorder r) {
        recorder.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEpisodicMemory(EpisodicMemory m) {
        memory.set(m);
    }

    void unbindEpisodicMemory(EpisodicMemory m) {
        memory.compareAndSet(m, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTaskBoard(TaskBoard t) {
        tasks.set(t);
    }

    void unbindTaskBoard(TaskBoard t) {
        tasks.compareAndSet(t, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRunDirectory(RunDirectory r) {
        runDirectory.set(r);
    }

    void unbindRunDirectory(RunDirectory r) {
        runDirectory.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationRefusals(mechos.platform.api.ConfigurationRefusals r) {
        refusals.set(r);
    }

    void unbindConfigurationRefusals(mechos.platform.api.ConfigurationRefusals r) {
        refusals.compareAndSet(r, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLidar(Lidar l, Map<String, Object> props) {
        lidars.put(id(l, props), l);
    }

    void unbindLidar(Lidar l, Map<String, Object> props) {
        lidars.remove(id(l, props), l);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriveBase(DriveBase d, Map<String, Object> props) {
        drives.put(id(d, props), d);
    }

    void unbindDriveBase(DriveBase d, Map<String, Object> props) {
        drives.remove(id(d, props), d);
    }

    /** The id from the service property, so that a misbehaving driver's id() is never called while binding. */
    private static String id(Device d, Map<String, Object> props) {
        Object id = props.get(Device.ID);
        return id == null ? "service-" + props.get("service.id") : id.toString();
    }
}
