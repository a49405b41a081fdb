extension Kernels {
    /// If: runs then_branch or else_branch (no inputs) by a boolean scalar condition.
    static let ifKernel: Kernel = { call throws(InterpreterError) in
        let condition = try call.tensor(0)
        guard condition.count == 1, let values = condition.doubles() else {
            throw call.error(.invalidInput, "the condition must hold one element, not \(condition.description)")
        }
        let taken = values[0] != 0
        let branch = try call.graph(taken ? "then_branch" : "else_branch")
        return try call.run(branch, inputs: [], label: taken ? "then_branch" : "else_branch")
    }
}
