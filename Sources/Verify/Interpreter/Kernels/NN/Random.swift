// The random-number ops (Bernoulli, RandomNormal, RandomUniform and their -Like forms,
// Multinomial). Their outputs depend on a generator the spec does not fix, even with a
// seed, so no reference result exists: each is refused as unsupported, naming the reason.

extension Kernels {
    static let randomOp: Kernel = { call throws(InterpreterError) in
        throw call.error(.unsupported, "\(call.node.op) draws random numbers from an unspecified generator; no reference result exists")
    }
}
