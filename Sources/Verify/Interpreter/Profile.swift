// Per-node timing of the main graph's nodes, for `mshub run --profile` and `bench infer --profile`:
// where a run's time goes, summed by op type.

import Foundation
import GraphIR

/// Collects the wall time of each main-graph node over one or more runs.
public final class RunProfile: @unchecked Sendable {
    /// One op type's total.
    public struct Row: Sendable, Equatable {
        public var op: String
        public var nodes: Int
        public var calls: Int
        public var seconds: Double
    }

    private let lock = NSLock()
    private var byNode: [Int: (op: String, calls: Int, seconds: Double)] = [:]

    public init() {}

    func record(index: Int, op: String, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        let old = byNode[index] ?? (op, 0, 0)
        byNode[index] = (op, old.calls + 1, old.seconds + seconds)
    }

    /// Totals by op type, most expensive first.
    public var rows: [Row] {
        lock.lock()
        defer { lock.unlock() }
        var totals: [String: Row] = [:]
        for (_, entry) in byNode {
            var row = totals[entry.op] ?? Row(op: entry.op, nodes: 0, calls: 0, seconds: 0)
            row.nodes += 1
            row.calls += entry.calls
            row.seconds += entry.seconds
            totals[entry.op] = row
        }
        return totals.values.sorted { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.op < $1.op }
    }

    /// The slowest nodes: (index, op, seconds), most expensive first.
    public func slowestNodes(_ count: Int) -> [(index: Int, op: String, seconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return byNode.map { (index: $0.key, op: $0.value.op, seconds: $0.value.seconds) }
            .sorted { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.index < $1.index }
            .prefix(count).map { $0 }
    }

    /// A text table: op, nodes, total milliseconds and share of the total.
    public func table() -> String {
        let rows = self.rows
        let total = rows.reduce(0) { $0 + $1.seconds }
        var lines = ["op                         nodes     ms   share"]
        for row in rows {
            let share = total > 0 ? 100 * row.seconds / total : 0
            lines.append(
                row.op.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(format: " %5d %8.3f %6.1f%%", row.nodes, row.seconds * 1000, share))
        }
        lines.append(String(format: "total                            %8.3f", total * 1000))
        let slowest = slowestNodes(5)
        if !slowest.isEmpty {
            lines.append("slowest nodes: " + slowest.map { String(format: "#%d %@ %.3f ms", $0.index, $0.op, $0.seconds * 1000) }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
