extension Kernels {
    /// Add with broadcasting; integers wrap.
    static let add: Kernel = { call throws(InterpreterError) in
        [.tensor(try Elementwise.binary(call, try call.tensor(0), try call.tensor(1), float: +, int: { a, b in a &+ b }))]
    }
}
