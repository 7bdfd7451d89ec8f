import Dispatch

/// Where the nodes' links are read and pinged: a serial Dispatch queue of its own, not Swift's
/// cooperative thread pool.
///
/// Why: a link's bytes are timestamped when its reader task takes them, and those times feed the
/// clock mapping. The cooperative pool has one thread per core; in a process where other work
/// holds those threads (CPU-bound analysis, a caller that blocks), the readers would wait, the
/// TIME_SYNC replies would be stamped late, and the nodes' bounded buffers could overflow. A
/// serial queue gets a thread of its own from Dispatch whatever the pool is doing; reading and
/// decoding a few hundred kB/s needs no more than that one.
final class LinkExecutor: TaskExecutor, SerialExecutor {
    static let shared = LinkExecutor()

    private let queue = DispatchQueue(label: "gait.live.links", qos: .userInteractive)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
        }
    }
}
