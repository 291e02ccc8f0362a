import Dispatch

/// The one serial executor that a simulation and all of its node actors share.
///
/// Sharing it is what makes the kernel fast and ordered: when the driver awaits a node
/// on the same executor, the Swift runtime switches to it in place instead of
/// enqueueing a job, so a delivery costs about a function call, and no other job can
/// run in between. Jobs that do arrive from outside (a console awaiting the
/// simulation) run one at a time on a private dispatch queue.
public final class SimulationExecutor: SerialExecutor, Sendable {
    private let queue = DispatchQueue(label: "dsbox.simulation")

    public init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let unownedJob = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { unownedJob.runSynchronously(on: executor) }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
