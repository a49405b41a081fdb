// The fast backend's depthwise 2-D convolution (CFastKernels, AVX-512): one input channel per
// output channel (group = C = M), as in MobileNet's separable blocks. The im2col path would run
// one tiny matrix product per channel; here each channel's padded input is split into phase
// planes (as the direct convolution does) in a per-thread scratch buffer, and every output row
// is summed over the taps from contiguous runs of those planes, 64 columns at a time, with the
// bias, a residual addend and Relu or Clip applied as it is stored.

import CFastKernels

enum FastDepthwiseConv {
    /// The one-channel plan (phases, per-tap offsets, plane size) when `setup` is a depthwise
    /// 2-D convolution the kernel handles; nil otherwise.
    static func plan(_ setup: ConvMath.Setup) -> FastDirectConv.Plan? {
        guard setup.geometry.rank == 2, setup.group > 1, setup.group == setup.c, setup.m == setup.c else { return nil }
        var single = setup
        (single.n, single.c, single.m, single.group) = (1, 1, 1, 1)
        return FastDirectConv.plan(single)
    }

    /// y = clamp(conv(x, w) + bias + residual) for every image, or nil when the kernel does not
    /// apply (not depthwise, not rank 2, no AVX-512, or MSHUB_FAST_CONV=im2col).
    static func run(
        _ call: KernelCall, x: [Float], w: [Float], bias: [Float]?, residual: [Float]?, setup: ConvMath.Setup,
        clamp: [Float]?
    ) throws(InterpreterError) -> [Float]? {
        guard FastDirectConv.enabled, let plan = plan(setup) else { return nil }
        return try run(call, plan: plan, x: x, w: w, bias: bias, residual: residual, setup: setup, clamp: clamp)
    }

    /// As `run`, with the CPU check left to the caller (tests call this on AVX-512 CPUs).
    static func run(
        _ call: KernelCall, plan: FastDirectConv.Plan, x: [Float], w: [Float], bias: [Float]?, residual: [Float]?,
        setup: ConvMath.Setup, clamp: [Float]?
    ) throws(InterpreterError) -> [Float] {
        let g = setup.geometry
        let inCount = g.inputCount, outCount = g.outputCount, taps = g.kernelCount
        precondition(
            x.count == setup.n * setup.c * inCount && w.count == setup.c * taps && (bias?.count ?? setup.c) == setup.c
                && (residual?.count ?? setup.n * setup.c * outCount) == setup.n * setup.c * outCount && (clamp?.count ?? 2) == 2)
        let total = try call.checkedCount([setup.n, setup.c, outCount])
        // One scratch buffer of one channel's planes per part; parts are blocks of channels.
        let planes = setup.n * setup.c
        let parts = max(1, min(planes, 4 * WorkerPool.shared.participants))
        let (scratchTotal, overflow) = plan.planeElements.multipliedReportingOverflow(by: parts)
        guard !overflow else { throw call.error(.limitExceeded, "the depthwise convolution's scratch planes overflow") }
        _ = try call.checkedCount([scratchTotal])  // counted against the memory limit like any tensor
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scratchTotal))
        defer { scratch.deallocate() }
        let scratchBase = ParallelLoops.Pointer(base: scratch)
        let planeElements = plan.planeElements
        return FastSupport.floats(count: total) { pc in
            let out = ParallelLoops.Pointer(base: pc)
            FastDirectConv.withOperands(x: x, w: w, plan: plan, bias: bias, residual: residual, clamp: clamp) { k in
                WorkerPool.shared.run(parts, blocked: true) { part in
                    let own = scratchBase.base + part * planeElements
                    for plane in (part * planes / parts)..<((part + 1) * planes / parts) {
                        let channel = plane % setup.c
                        mshub_depthwise_conv_channel(
                            k.x + plane * inCount, k.w + channel * taps, k.bias.map { $0 + channel }, k.residual.map { $0 + plane * outCount },
                            out.base + plane * outCount, k.geometry, k.phases, k.offsets, k.clamp, own)
                    }
                }
            }
        }
    }
}
