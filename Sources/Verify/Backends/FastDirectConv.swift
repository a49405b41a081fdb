// The fast backend's direct 2-D convolution (CFastKernels, AVX-512): no column matrix, the bias,
// a residual addend and Relu or Clip applied as each tile is stored. Used for float32 Conv with one
// group and at least one tile of output channels' worth of work; other cases, CPUs without
// AVX-512, and MSHUB_FAST_CONV=im2col take the im2col path.

import CFastKernels
import Foundation

enum FastDirectConv {
    /// Whether the direct kernels run here (AVX-512, and not turned off by MSHUB_FAST_CONV=im2col).
    static let enabled: Bool = FastSupport.avx512 && ProcessInfo.processInfo.environment["MSHUB_FAST_CONV"] != "im2col"

    static let tileWidth = Int(mshub_direct_conv_tile_width())
    static let tileRows = Int(mshub_direct_conv_tile_rows())

    /// The plan of one convolution: the geometry the C kernels read, where each tap starts in
    /// the phase planes, which phases are stored, and how much memory the planes take.
    struct Plan {
        var geometry: mshub_conv_geometry
        var offsets: [Int64]
        var phases: [Int64]
        var planeElements: Int
        var bufferElements: Int
        var tiles: Int
    }

    /// The plan for `setup`, or nil when the direct kernels do not apply (rank, groups, sizes).
    static func plan(_ setup: ConvMath.Setup) -> Plan? {
        let g = setup.geometry
        guard g.rank == 2, setup.group == 1, setup.m > 0, setup.c > 0, g.outputCount > 0 else { return nil }
        let (kh, kw) = (g.kernel[0], g.kernel[1]), (sh, sw) = (g.strides[0], g.strides[1])
        let (dh, dw) = (g.dilations[0], g.dilations[1]), (oh, ow) = (g.output[0], g.output[1])
        guard kh > 0, kw > 0, sh > 0, sw > 0, dh > 0, dw > 0 else { return nil }
        // The padded extent the output reads, and the planes it splits into.
        guard let needH = checked((oh - 1), sh, plus: (kh - 1) * dh + 1),
            let needW = checked((ow - 1), sw, plus: (kw - 1) * dw + 1)
        else { return nil }
        let planeH = (needH + sh - 1) / sh, planeW = (needW + sw - 1) / sw
        // The phases some tap reads, numbered in order of first use.
        var phaseIndex: [Int: Int] = [:]
        var phases: [Int64] = []
        for i in 0..<kh {
            for j in 0..<kw {
                let key = (i * dh % sh) * sw + j * dw % sw
                if phaseIndex[key] == nil {
                    phaseIndex[key] = phases.count / 2
                    phases += [Int64(i * dh % sh), Int64(j * dw % sw)]
                }
            }
        }
        let phaseCount = phases.count / 2
        let (planeSize, o1) = planeH.multipliedReportingOverflow(by: planeW)
        let (perChannel, o2) = planeSize.multipliedReportingOverflow(by: phaseCount)
        let (planeElements, o3) = perChannel.multipliedReportingOverflow(by: setup.c)
        let (positions, o4) = oh.multipliedReportingOverflow(by: planeW)
        guard !(o1 || o2 || o3 || o4), Int64(exactly: planeElements) != nil else { return nil }
        let tiles = (positions + tileWidth - 1) / tileWidth
        var offsets: [Int64] = []
        offsets.reserveCapacity(setup.c * kh * kw)
        var last = 0
        for ci in 0..<setup.c {
            for i in 0..<kh {
                for j in 0..<kw {
                    let phase = phaseIndex[(i * dh % sh) * sw + j * dw % sw] ?? 0
                    let offset = (ci * phaseCount + phase) * planeSize + (i * dh / sh) * planeW + j * dw / sw
                    last = max(last, offset)
                    offsets.append(Int64(offset))
                }
            }
        }
        // Tiles past the last output position read (and drop) up to a tile beyond the planes.
        let (reach, o5) = tiles.multipliedReportingOverflow(by: tileWidth)
        let (end, o6) = last.addingReportingOverflow(reach)
        guard !(o5 || o6) else { return nil }
        let geometry = mshub_conv_geometry(
            channels: Int64(setup.c), in_h: Int64(g.input[0]), in_w: Int64(g.input[1]),
            out_channels: Int64(setup.m), out_h: Int64(oh), out_w: Int64(ow),
            kernel_h: Int64(kh), kernel_w: Int64(kw), stride_h: Int64(sh), stride_w: Int64(sw),
            dilation_h: Int64(dh), dilation_w: Int64(dw), pad_top: Int64(g.padsBegin[0]), pad_left: Int64(g.padsBegin[1]),
            plane_h: Int64(planeH), plane_w: Int64(planeW), phase_count: Int64(phaseCount))
        return Plan(
            geometry: geometry, offsets: offsets, phases: phases, planeElements: planeElements,
            bufferElements: max(planeElements, end), tiles: tiles)
    }

    private static func checked(_ a: Int, _ b: Int, plus c: Int) -> Int? {
        let (product, o1) = a.multipliedReportingOverflow(by: b)
        let (sum, o2) = product.addingReportingOverflow(c)
        return o1 || o2 ? nil : sum
    }

    /// y = activation(conv(x, w) + bias + residual) for every image, or nil when the direct
    /// kernels do not apply. `residual`, when given, has the output's shape.
    static func run(
        _ call: KernelCall, x: [Float], w: [Float], bias: [Float]?, residual: [Float]?, setup: ConvMath.Setup,
        clamp: [Float]?
    ) throws(InterpreterError) -> [Float]? {
        guard enabled, let plan = plan(setup) else { return nil }
        return try run(call, plan: plan, x: x, w: w, bias: bias, residual: residual, setup: setup, clamp: clamp)
    }

    /// As `run`, with the CPU check left to the caller (tests call this on AVX-512 CPUs).
    static func run(
        _ call: KernelCall, plan: Plan, x: [Float], w: [Float], bias: [Float]?, residual: [Float]?,
        setup: ConvMath.Setup, clamp: [Float]?
    ) throws(InterpreterError) -> [Float] {
        let g = setup.geometry
        let inCount = g.inputCount, outCount = g.outputCount
        let taps = setup.c * g.kernelCount
        precondition(
            x.count == setup.n * setup.c * inCount && w.count == setup.m * taps
                && (bias?.count ?? setup.m) == setup.m && (residual?.count ?? setup.n * setup.m * outCount) == setup.n * setup.m * outCount)
        // The planes count against the interpreter's memory limit like any tensor.
        _ = try call.checkedCount([plan.bufferElements])
        let total = try call.checkedCount([setup.n, setup.m, outCount])
        // A pointwise convolution reads its input as the planes: its one phase plane per channel
        // is the channel itself.
        let pointwise = g.isPointwise
        let planes = UnsafeMutablePointer<Float>.allocate(capacity: pointwise ? 1 : plan.bufferElements)
        defer { planes.deallocate() }
        // Past the planes lies only what the dropped lanes of the last tiles read: zeros.
        if !pointwise { (planes + plan.planeElements).initialize(repeating: 0, count: plan.bufferElements - plan.planeElements) }
        let rows = tileRows
        // Enough items for every core: split the output channels when the tiles are few.
        let cores = FastSupport.cores
        var chunk = setup.m
        if plan.tiles < 4 * cores {
            let parts = min((4 * cores + plan.tiles - 1) / plan.tiles, (setup.m + rows - 1) / rows)
            chunk = ((setup.m + parts - 1) / parts + rows - 1) / rows * rows
        }
        let chunks = (setup.m + chunk - 1) / chunk
        let items = plan.tiles * chunks
        let workers = min(items, 8 * cores)
        let perWorker = (items + workers - 1) / workers
        let planeBase = ParallelLoops.Pointer(base: planes)
        return FastSupport.floats(count: total) { pc in
            let out = ParallelLoops.Pointer(base: pc)
            withOperands(x: x, w: w, plan: plan, bias: bias, residual: residual, clamp: clamp) { k in
                // Plane rows and output positions are each cut into one block per thread
                // (WorkerPool's blocked loops): a thread builds the rows it mostly reads and
                // writes the rows the next kernel's same thread reads.
                let planeRows = Int(plan.geometry.plane_h)
                let rowParts = max(1, min(planeRows, 4 * WorkerPool.shared.participants))
                for n in 0..<setup.n {
                    let xImage = k.x + n * setup.c * inCount
                    let source = pointwise ? xImage : UnsafePointer(planeBase.base)
                    if !pointwise {
                        WorkerPool.shared.run(rowParts, blocked: true) { part in
                            let r0 = part * planeRows / rowParts, r1 = (part + 1) * planeRows / rowParts
                            mshub_direct_conv_phases(xImage, k.geometry, k.phases, planeBase.base, 0, Int64(setup.c), Int64(r0), Int64(r1))
                        }
                    }
                    let yImage = out.base + n * setup.m * outCount
                    let rImage = k.residual.map { $0 + n * setup.m * outCount }
                    WorkerPool.shared.run(workers, blocked: true) { part in
                        let i0 = part * perWorker, i1 = min(items, i0 + perWorker)
                        guard i0 < i1 else { return }
                        mshub_direct_conv_run(
                            source, k.offsets, k.w, k.bias, rImage, yImage, k.geometry, k.clamp, Int64(i0), Int64(i1), Int64(chunk))
                    }
                }
            }
        }
    }

    /// The C kernels' operands, held at fixed addresses for the duration of `withOperands`.
    struct Operands: @unchecked Sendable {
        let x, w: UnsafePointer<Float>
        let offsets, phases: UnsafePointer<Int64>
        let geometry: UnsafePointer<mshub_conv_geometry>
        let bias, residual, clamp: UnsafePointer<Float>?
    }

    /// Runs `body` with the addresses of the operands of the direct and depthwise kernels. X, W
    /// and the plan's tables must be non-empty (every plan needs C, M and an output).
    static func withOperands<R>(
        x: [Float], w: [Float], plan: Plan, bias: [Float]?, residual: [Float]?, clamp: [Float]?, _ body: (Operands) -> R
    ) -> R {
        x.withUnsafeBufferPointer { px in
        w.withUnsafeBufferPointer { pw in
        plan.offsets.withUnsafeBufferPointer { po in
        plan.phases.withUnsafeBufferPointer { pp in
        withUnsafePointer(to: plan.geometry) { pg in
        withOptional(bias) { pb in
        withOptional(residual) { pr in
        withOptional(clamp) { pk in
            body(Operands(
                x: px.baseAddress!, w: pw.baseAddress!, offsets: po.baseAddress!, phases: pp.baseAddress!, geometry: pg,
                bias: pb, residual: pr, clamp: pk))
        }
        }
        }
        }
        }
        }
        }
        }
    }

    static func withOptional<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let values else { return body(nil) }
        return values.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
