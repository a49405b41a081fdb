// Where: elements of X where the condition holds, of Y elsewhere, all three broadcast.

import GraphIR

extension Kernels {
    static let whereOp: Kernel = { call throws(InterpreterError) in
        let condition = try call.tensor(0), x = try call.tensor(1), y = try call.tensor(2)
        guard case .bool(let c) = condition.storage else {
            throw call.error(.invalidInput, "condition must be bool, not \(condition.dtype)")
        }
        guard x.dtype == y.dtype else { throw call.error(.invalidInput, "X is \(x.dtype) but Y is \(y.dtype)") }
        let shape = try Elementwise.broadcastShape(call, [condition, x, y])
        let ic = Broadcast.sourceIndices(from: condition.shape, to: shape)
        let ix = Broadcast.sourceIndices(from: x.shape, to: shape)
        let iy = Broadcast.sourceIndices(from: y.shape, to: shape)
        guard let joined = ArrayStorage.concatenated([x.storage, y.storage]) else {
            throw call.error(.invalidInput, "X and Y hold different element types")
        }
        var positions = [Int](repeating: 0, count: ic.count)
        for i in 0..<ic.count { positions[i] = c[ic[i]] ? ix[i] : x.count + iy[i] }
        return [.tensor(NDArray(dtype: x.dtype, shape: shape, storage: joined.gathered(positions)))]
    }
}
