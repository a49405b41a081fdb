// Parallel loops for the reference kernels: independent output rows or planes spread over the
// cores. Each item is computed by exactly the same arithmetic as in a serial loop, so results do
// not depend on the thread count.

import Dispatch

enum ParallelLoops {
    /// A pointer that the iterations of a parallel loop write through at disjoint places.
    struct Pointer<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
        init(base: UnsafeMutablePointer<T>) { self.base = base }
        /// The buffer's start; for an empty buffer (nothing will be written) a placeholder that
        /// is never dereferenced.
        init(_ buffer: UnsafeMutableBufferPointer<T>) {
            base = buffer.baseAddress ?? UnsafeMutablePointer<T>(bitPattern: MemoryLayout<T>.alignment)!
        }
    }

    /// Work (in multiply-adds) below which a loop runs serially.
    static let serialWork = 1 << 16

    /// Runs `body(i)` for each i in 0..<count; in parallel when count × cost is large.
    static func forEach(_ count: Int, cost: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let (total, overflow) = count.multipliedReportingOverflow(by: max(cost, 1))
        if count == 1 || (!overflow && total < serialWork) {
            for i in 0..<count { body(i) }
            return
        }
        WorkerPool.shared.run(count, body)
    }
}
