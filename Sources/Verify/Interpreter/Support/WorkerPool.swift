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
    final class Region: @unchecked Sendable {
        var body: ((Int) -> Void)?
        let count: Int
        let next = Atomic<Int>(0)
        let remaining: Atomic<Int>
        let inside = Atomic<Int>(0)
        let closed = Atomic<Bool>(false)

        init(body: @escaping (Int) -> Void, count: Int) {
            self.body = body
            self.count = count
            remaining = Atomic(count)
        }

        func work() {
            guard let body else { return }
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
                remaining.subtract(1, ordering: .releasing)
            }
        }
    }

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
        for _ in 0..<workers {
            // The threads keep the pool alive: a pool lives as long as the process.
            let thread = Thread { self.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(i)` for every i in 0..<iterations, on the pool's threads and the caller's.
    func run(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        guard iterations > 1, workers > 0,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else {
            for i in 0..<iterations { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            let region = Region(body: body, count: iterations)
            current.withLock { $0 = region }
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleeping.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&lock)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&lock)
            }
            region.work()
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

    private func workerLoop() {
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
            if !region.closed.load(ordering: .sequentiallyConsistent) { region.work() }
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
