// The interpreter's parallel loops run on one pool of threads that wait for work by spinning
// briefly before they sleep. Kernels are short (tens of microseconds for a 128×256×256
// product), and a sleeping thread takes about as long to wake: with a thread woken for every
// kernel, splitting one over two cores was slower than running it on one. While a model runs,
// the workers are still spinning when the next kernel starts.
//
// One parallel region runs at a time; a loop started while another runs (from inside a job, or
// from a second interpreter on another thread) runs on the calling thread alone. Either way
// each index runs exactly once, so results never depend on the threads.

import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(workers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// How long an idle worker spins before it sleeps (MSHUB_POOL_SPIN_US overrides, in microseconds).
    static let spinNanoseconds: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["MSHUB_POOL_SPIN_US"], let micros = UInt64(text) {
            return micros * 1000
        }
        return 300_000
    }()

    /// One parallel loop. Workers hold it only while `inside` counts them, and touch `body` only
    /// while the region is open, so the caller can drop the closure before it returns.
    ///
    /// The indices are cut into `blocks` contiguous blocks, each with its own cursor. Thread k
    /// (the caller is 0, worker w is w + 1) drains block k first and then helps with the others,
    /// so a loop cut into one block per thread gives each thread the same part of the data in
    /// every kernel (what it wrote last, it reads next, from its own cache) without ever waiting
    /// for a thread that is late.
    final class Region: @unchecked Sendable {
        var body: ((Int) -> Void)?
        let blocks: Int
        /// Block b's cursor is at cursors + b · stride: each on its own 128-byte line, so a
        /// thread taking indices from its own block touches no line another thread writes.
        let cursors: UnsafeMutablePointer<Atomic<Int>>
        static let stride = 16
        let ends: UnsafeMutablePointer<Int>
        let remaining: Atomic<Int>
        let inside = Atomic<Int>(0)
        let closed = Atomic<Bool>(false)

        init(body: @escaping (Int) -> Void, count: Int, blocks: Int) {
            self.body = body
            self.blocks = max(1, min(blocks, count))
            cursors = .allocate(capacity: self.blocks * Self.stride)
            ends = .allocate(capacity: self.blocks)
            for b in 0..<self.blocks {
                (cursors + b * Self.stride).initialize(to: Atomic(b * count / self.blocks))
                ends[b] = (b + 1) * count / self.blocks
            }
            remaining = Atomic(count)
        }

        deinit {
            for b in 0..<blocks { (cursors + b * Self.stride).deinitialize(count: 1) }
            cursors.deallocate()
            ends.deallocate()
        }

        func work(participant: Int) {
            guard let body else { return }
            // Counted once at the end: one write to the shared counter per thread and loop.
            var done = 0
            for offset in 0..<blocks {
                let b = (participant + offset) % blocks
                while true {
                    let i = cursors[b * Self.stride].add(1, ordering: .relaxed).oldValue
                    guard i < ends[b] else { break }
                    body(i)
                    done += 1
                }
            }
            if done > 0 { remaining.subtract(done, ordering: .releasing) }
        }
    }

    /// The threads that take part in a loop: the workers and the caller.
    var participants: Int { workers + 1 }

    private let workers: Int
    private let current = Mutex<Region?>(nil)
    private let generation = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleeping = Atomic<Int>(0)
    private var lock = pthread_mutex_t()
    private var wake = pthread_cond_t()

    init(workers: Int) {
        self.workers = workers
        pthread_mutex_init(&lock, nil)
        pthread_cond_init(&wake, nil)
        for worker in 0..<workers {
            // The threads keep the pool alive: a pool lives as long as the process.
            let thread = Thread { self.workerLoop(participant: worker + 1) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(i)` for every i in 0..<iterations, on the pool's threads and the caller's.
    /// With `blocked`, the indices are cut into one contiguous block per thread (see `Region`):
    /// loops over the same data cut the same way then keep it on the same cores.
    func run(_ iterations: Int, blocked: Bool = false, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        guard iterations > 1, workers > 0,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else {
            for i in 0..<iterations { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            let region = Region(body: body, count: iterations, blocks: blocked ? participants : 1)
            current.withLock { $0 = region }
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleeping.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&lock)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&lock)
            }
            region.work(participant: 0)
            var spins = 0
            while region.remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins & 1023 == 0 { sched_yield() }
            }
            // Close the region, wait for workers still inside it, then let go of the closure.
            region.closed.store(true, ordering: .sequentiallyConsistent)
            while region.inside.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
            current.withLock { $0 = nil }
            region.body = nil
        }
    }

    private func workerLoop(participant: Int) {
        var seen = generation.load(ordering: .acquiring)
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins & 255 == 0 {
                    if DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds {
                        sleep(until: seen)
                    } else {
                        sched_yield()
                    }
                }
            }
            seen = generation.load(ordering: .acquiring)
            guard let region = current.withLock({ $0 }) else { continue }
            region.inside.add(1, ordering: .sequentiallyConsistent)
            if !region.closed.load(ordering: .sequentiallyConsistent) { region.work(participant: participant) }
            region.inside.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    private func sleep(until seen: Int) {
        sleeping.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(&lock)
        while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(&wake, &lock) }
        pthread_mutex_unlock(&lock)
        sleeping.subtract(1, ordering: .sequentiallyConsistent)
    }
}
