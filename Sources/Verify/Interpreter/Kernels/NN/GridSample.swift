// GridSample: samples X [N, C, spatial…] (2-D or 3-D spatial) at the normalised points of
// grid [N, out…, r] (last axis ordered x, y[, z]). Modes nearest (round half to even),
// (bi/tri)linear and (bi)cubic (Keys, a = -0.75); padding zeros, border or reflection;
// align_corners maps ±1 to the corner pixel centres instead of the image edges.

import Foundation

extension Kernels {
    static let gridSample: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), grid = try call.tensor(1)
        let vx = try NN.floats(call, x, "X"), vg = try NN.floats(call, grid, "grid")
        let modeName = try call.string("mode", default: call.opset >= 20 ? "linear" : "bilinear")
        let mode: GridSampling.Mode
        switch modeName {
        case "nearest": mode = .nearest
        case "linear", "bilinear": mode = .linear
        case "cubic", "bicubic": mode = .cubic
        default: throw call.error(.invalidAttribute, "mode '\(modeName)' is not supported")
        }
        let padding = try call.string("padding_mode", default: "zeros")
        guard ["zeros", "border", "reflection"].contains(padding) else {
            throw call.error(.invalidAttribute, "padding_mode '\(padding)' is not zeros, border or reflection")
        }
        let alignCorners = try call.int("align_corners", default: 0) != 0
        let r = x.rank - 2
        guard r >= 1, r <= 3, grid.rank == r + 2, grid.shape[0] == x.shape[0], grid.shape[r + 1] == r else {
            throw call.error(.invalidInput, "grid \(grid.shape) does not fit X \(x.shape)")
        }
        let n = x.shape[0], c = x.shape[1]
        let dims = Array(x.shape[2...])
        let outSpatial = Array(grid.shape[1...r])
        let outShape = [n, c] + outSpatial
        try call.checkedCount(outShape)
        let points = outSpatial.reduce(1, *)
        let plane = dims.reduce(1, *)
        var out = [Double](repeating: 0, count: n * c * points)
        let sampler = GridSampling(dims: dims, mode: mode, padding: padding, alignCorners: alignCorners)
        var coordinates = [Double](repeating: 0, count: r)
        for b in 0..<n {
            for p in 0..<points {
                let g = (b * points + p) * r
                for k in 0..<r { coordinates[k] = sampler.denormalise(vg[g + r - 1 - k], dims[k]) }
                let taps = sampler.taps(coordinates)
                for ch in 0..<c {
                    let o = (b * c + ch) * plane
                    var s = 0.0
                    var nan = false
                    for (index, weight) in taps {
                        guard let index else { if weight.isNaN { nan = true }; continue }
                        s += weight * vx[o + index]
                    }
                    out[(b * c + ch) * points + p] = nan ? .nan : s
                }
            }
        }
        return [.tensor(try NN.output(call, out, x.dtype, outShape))]
    }
}

/// Coordinate mapping and interpolation taps of GridSample.
struct GridSampling {
    enum Mode { case nearest, linear, cubic }
    let dims: [Int]
    let mode: Mode
    let padding: String
    let alignCorners: Bool

    func denormalise(_ v: Double, _ length: Int) -> Double {
        alignCorners ? (v + 1) / 2 * Double(length - 1) : ((v + 1) * Double(length) - 1) / 2
    }

    func bounds(_ axis: Int) -> (Double, Double) {
        alignCorners ? (0, Double(dims[axis] - 1)) : (-0.5, Double(dims[axis]) - 0.5)
    }

    static func reflect(_ v: Double, _ low: Double, _ high: Double) -> Double {
        let range = high - low
        guard range > 0 else { return low }
        if v < low {
            let d = low - v
            let k = (d / range).rounded(.towardZero)
            let rem = d - k * range
            return k.truncatingRemainder(dividingBy: 2) == 0 ? low + rem : high - rem
        }
        if v > high {
            let d = v - high
            let k = (d / range).rounded(.towardZero)
            let rem = d - k * range
            return k.truncatingRemainder(dividingBy: 2) == 0 ? high - rem : low + rem
        }
        return v
    }

    /// The element index along `axis` that integer position `i` reads, or nil for a zero.
    func fetch(_ i: Double, _ axis: Int) -> Int? {
        let size = dims[axis]
        guard size > 0 else { return nil }
        switch padding {
        case "zeros": return i >= 0 && i < Double(size) ? Int(i) : nil
        case "border": return Int(max(0, min(Double(size - 1), i)))
        default:
            let (low, high) = bounds(axis)
            let v = GridSampling.reflect(i, low, high).rounded(.towardZero)
            return Int(max(0, min(Double(size - 1), v)))
        }
    }

    static func cubic(_ t: Double) -> [Double] {
        let a = -0.75
        func near(_ x: Double) -> Double { ((a + 2) * x - (a + 3)) * x * x + 1 }
        func far(_ x: Double) -> Double { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
        return [far(t + 1), near(t), near(1 - t), far(2 - t)]
    }

    /// The (flat index or nil for zero padding, weight) pairs whose weighted sum is the sample.
    /// A NaN coordinate gives one (nil, NaN) tap.
    func taps(_ point: [Double]) -> [(Int?, Double)] {
        let r = point.count
        var coords = point
        for k in 0..<r where !coords[k].isFinite { return [(nil, .nan)] }
        for k in 0..<r {
            // Keep coordinates in a range where integer conversion is safe.
            coords[k] = max(-1e9, min(1e9, coords[k]))
            if mode == .nearest { coords[k] = coords[k].rounded(.toNearestOrEven) }
            let (low, high) = bounds(k)
            if coords[k] < low || coords[k] > high {
                if padding == "border" {
                    coords[k] = max(0, min(Double(dims[k] - 1), coords[k]))
                } else if padding == "reflection" {
                    coords[k] = GridSampling.reflect(coords[k], low, high)
                }
            }
        }
        // Per axis: (position, weight) pairs.
        var perAxis: [[(Double, Double)]] = []
        for k in 0..<r {
            let v = coords[k]
            switch mode {
            case .nearest: perAxis.append([(v.rounded(.towardZero), 1)])
            case .linear:
                let f = v.rounded(.down), t = v - f
                perAxis.append([(f, 1 - t), (f + 1, t)])
            case .cubic:
                let f = v.rounded(.down), w = GridSampling.cubic(v - f)
                perAxis.append([(f - 1, w[0]), (f, w[1]), (f + 1, w[2]), (f + 2, w[3])])
            }
        }
        let strides = NDArray.strides(dims)
        var taps: [(Int?, Double)] = [(0, 1)]
        for k in 0..<r {
            var next: [(Int?, Double)] = []
            for (index, weight) in taps {
                for (position, w) in perAxis[k] {
                    if let index, let i = fetch(position, k) {
                        next.append((index + i * strides[k], weight * w))
                    } else {
                        next.append((nil, weight * w))
                    }
                }
            }
            taps = next
        }
        return taps
    }
}
