// Signal ops: HannWindow, HammingWindow, BlackmanWindow, MelWeightMatrix, DFT, STFT.
// Transforms are direct O(n²) sums in Double (the reference backend favours obviousness);
// complex values travel as a trailing axis of size 2 (real, imaginary), real ones as size 1.

import Foundation
import Formats
import GraphIR

extension Kernels {
    /// A generalised cosine window a0 - a1 cos(2πn/N) + a2 cos(4πn/N), N = size (periodic)
    /// or size - 1 (symmetric).
    static func mathCosineWindow(_ a0: Double, _ a1: Double, _ a2: Double) -> Kernel {
        { call throws(InterpreterError) in
            let sizeTensor = try call.tensor(0)
            guard MathSupport.isIntegral(sizeTensor.dtype), sizeTensor.count == 1, let size = sizeTensor.ints()?.first else {
                throw call.error(.invalidInput, "size must be one integer")
            }
            guard size >= 0 else { throw call.error(.invalidInput, "size \(size) is negative") }
            try call.checkedCount([size])
            let periodic = try call.int("periodic", default: 1) != 0
            let outType = try MathSignal.outputType(call, attribute: "output_datatype")
            let n = Double(periodic ? size : size - 1)
            var values = [Double](repeating: 0, count: size)
            for i in 0..<size {
                let t = 2 * Double.pi * Double(i) / n
                values[i] = a0 - a1 * Foundation.cos(t) + a2 * Foundation.cos(2 * t)
            }
            return [.tensor(try MathSupport.array(call, values, outType, [size]))]
        }
    }

    static let hannWindow = mathCosineWindow(0.5, 0.5, 0)
    static let hammingWindow = mathCosineWindow(25.0 / 46.0, 1 - 25.0 / 46.0, 0)
    static let blackmanWindow = mathCosineWindow(0.42, 0.5, 0.08)

    /// MelWeightMatrix: triangular filters between mel-spaced edges, shape
    /// [dft_length / 2 + 1, num_mel_bins], following the spec's construction of the edges
    /// (num_mel_bins + 2 points, mel step divided by that count, bins floored).
    static let melWeightMatrix: Kernel = { call throws(InterpreterError) in
        func scalar(_ i: Int) throws(InterpreterError) -> Double {
            let t = try call.tensor(i)
            guard t.count == 1, let v = t.doubles()?.first else { throw call.error(.invalidInput, "input \(i) must be a scalar") }
            return v
        }
        let melBins = try scalar(0), dftLength = try scalar(1), sampleRate = try scalar(2)
        let lower = try scalar(3), upper = try scalar(4)
        guard melBins >= 0, melBins < 1e6, dftLength >= 0, dftLength < 1e9, sampleRate > 0 else {
            throw call.error(.invalidInput, "num_mel_bins, dft_length or sample_rate is out of range")
        }
        let bins = Int(melBins), length = Int(dftLength)
        let spectrumBins = length / 2 + 1
        let count = try call.checkedCount([spectrumBins, bins])
        let outType = try MathSignal.outputType(call, attribute: "output_datatype")
        func mel(_ hz: Double) -> Double { 2595 * Foundation.log1p(hz / 700) / Foundation.log(10) }
        let lowMel = mel(lower), highMel = mel(upper)
        let step = (highMel - lowMel) / Double(bins + 2)
        var edges: [Int] = []
        for i in 0..<(bins + 2) {
            let hz = 700 * Foundation.expm1((Double(i) * step + lowMel) / 2595 * Foundation.log(10))
            let bin = ((Double(length) + 1) * hz / sampleRate).rounded(.down)
            guard bin.isFinite, Swift.abs(bin) < 1e15 else { throw call.error(.invalidInput, "mel edges are not finite") }
            edges.append(Int(bin))
        }
        var out = [Double](repeating: 0, count: count)
        func set(_ row: Int, _ column: Int, _ value: Double) throws(InterpreterError) {
            guard row >= 0, row < spectrumBins else {
                throw call.error(.invalidInput, "mel edge \(row) lies outside the \(spectrumBins) spectrum bins")
            }
            out[row * bins + column] = value
        }
        for i in 0..<bins {
            let left = edges[i], center = edges[i + 1], right = edges[i + 2]
            if center == left {
                try set(center, i, 1)
            } else if center > left {
                for j in left...center { try set(j, i, Double(j - left) / Double(center - left)) }
            }
            if right > center {
                for j in center..<right { try set(j, i, Double(right - j) / Double(right - center)) }
            }
        }
        return [.tensor(try MathSupport.array(call, out, outType, [spectrumBins, bins]))]
    }

    /// DFT (opset 17: axis attribute; opset 20: axis input), forward or inverse, optionally
    /// one-sided for forward transforms.
    static let dft: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isFloatingPoint, x.rank >= 2, let last = x.shape.last, last == 1 || last == 2 else {
            throw call.error(.invalidInput, "DFT input must be float with a last axis of size 1 or 2, not \(x)")
        }
        var axis = try call.int("axis", default: 1)
        if call.opset >= 20 {
            axis = -2
            if let axisTensor = try call.optionalTensor(2) {
                guard axisTensor.count == 1, let a = axisTensor.ints()?.first else {
                    throw call.error(.invalidInput, "axis must be a scalar integer")
                }
                axis = a
            }
        }
        axis = try call.axis(axis, rank: x.rank)
        guard axis < x.rank - 1 else { throw call.error(.invalidAttribute, "axis must not be the complex axis") }
        let inverse = try call.int("inverse", default: 0) != 0
        let onesided = try call.int("onesided", default: 0) != 0
        var length = inverse && onesided ? 2 * Swift.max(x.shape[axis] - 1, 0) : x.shape[axis]
        if let lengthTensor = try call.optionalTensor(1) {
            guard lengthTensor.count == 1, let n = lengthTensor.ints()?.first, n > 0 else {
                throw call.error(.invalidInput, "dft_length must be a positive scalar")
            }
            length = n
        }
        guard length > 0 else { throw call.error(.invalidInput, "the DFT length is 0") }
        try call.checkedCount([length])  // the twiddle tables hold `length` values each
        if inverse && onesided { return [.tensor(try MathSignal.inverseOneSided(call, x, axis: axis, length: length))] }
        guard let values = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
        let bins = onesided ? length / 2 + 1 : length
        var outShape = x.shape
        outShape[axis] = bins
        outShape[x.rank - 1] = 2
        try call.checkedCount(outShape)
        let out = try MathSignal.transform(
            call, values, shape: x.shape, axis: axis, length: length, bins: bins, inverse: inverse, window: nil)
        return [.tensor(try MathSupport.array(call, out, x.dtype, outShape))]
    }

    /// STFT: frames of `frame_length` every `frame_step` samples, weighted by `window`, each
    /// transformed; output [batch, frames, bins, 2].
    static let stft: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isFloatingPoint, x.rank == 3, x.shape[2] == 1 || x.shape[2] == 2 else {
            throw call.error(.invalidInput, "STFT signal must be float [batch, length, 1 or 2], not \(x)")
        }
        let stepTensor = try call.tensor(1)
        guard stepTensor.count == 1, let step = stepTensor.ints()?.first, step > 0 else {
            throw call.error(.invalidInput, "frame_step must be a positive scalar")
        }
        let window = try call.optionalTensor(2)
        var frameLength = window?.count ?? x.shape[1]
        if let lengthTensor = try call.optionalTensor(3) {
            guard lengthTensor.count == 1, let n = lengthTensor.ints()?.first, n > 0 else {
                throw call.error(.invalidInput, "frame_length must be a positive scalar")
            }
            frameLength = n
        }
        if let window, window.rank != 1 || window.count != frameLength {
            throw call.error(.invalidInput, "window of shape \(window.shape) does not match frame length \(frameLength)")
        }
        guard frameLength <= x.shape[1] else {
            throw call.error(.invalidInput, "frame length \(frameLength) exceeds the signal length \(x.shape[1])")
        }
        let onesided = try call.int("onesided", default: 1) != 0
        if onesided && x.shape[2] == 2 { throw call.error(.invalidInput, "a one-sided STFT needs a real signal") }
        let frames = 1 + (x.shape[1] - frameLength) / step
        let bins = onesided ? frameLength / 2 + 1 : frameLength
        let batch = x.shape[0], channels = x.shape[2]
        let outShape = [batch, frames, bins, 2]
        try call.checkedCount(outShape)
        guard let values = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
        let weights = window?.doubles()
        var out: [Double] = []
        out.reserveCapacity(batch * frames * bins * 2)
        for b in 0..<batch {
            for f in 0..<frames {
                let start = (b * x.shape[1] + f * step) * channels
                let frame = Array(values[start..<(start + frameLength * channels)])
                out += try MathSignal.transform(
                    call, frame, shape: [frameLength, channels], axis: 0, length: frameLength, bins: bins,
                    inverse: false, window: weights)
            }
        }
        return [.tensor(try MathSupport.array(call, out, x.dtype, outShape))]
    }
}

enum MathSignal {
    /// The inverse of a one-sided spectrum (numpy's irfft): the first length / 2 + 1 bins along
    /// `axis` are completed by Hermitian symmetry, transformed back, and the real part kept
    /// (output last axis 1).
    static func inverseOneSided(_ call: KernelCall, _ x: NDArray, axis: Int, length: Int) throws(InterpreterError) -> NDArray {
        guard let values = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
        let channels = x.shape[x.rank - 1]
        let outer = x.shape[..<axis].reduce(1, *)
        let size = x.shape[axis]
        let inner = x.shape[(axis + 1)..<(x.rank - 1)].reduce(1, *)
        var fullShape = x.shape
        fullShape[axis] = length
        fullShape[x.rank - 1] = 2
        let count = try call.checkedCount(fullShape)
        let kept = Swift.min(size, length / 2 + 1)
        var full = [Double](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                func read(_ k: Int) -> (Double, Double) {
                    let base = ((o * size + k) * inner + i) * channels
                    return (values[base], channels == 2 ? values[base + 1] : 0)
                }
                for k in 0..<length {
                    var value = (0.0, 0.0)
                    if k < kept {
                        value = read(k)
                    } else if length - k < kept {
                        let mirror = read(length - k)
                        value = (mirror.0, -mirror.1)
                    }
                    let target = ((o * length + k) * inner + i) * 2
                    full[target] = value.0
                    full[target + 1] = value.1
                }
            }
        }
        let transformed = try transform(
            call, full, shape: fullShape, axis: axis, length: length, bins: length, inverse: true, window: nil)
        var outShape = fullShape
        outShape[x.rank - 1] = 1
        let real = stride(from: 0, to: transformed.count, by: 2).map { transformed[$0] }
        return try MathSupport.array(call, real, x.dtype, outShape)
    }

    /// The float type named by an `output_datatype` attribute (default float32).
    static func outputType(_ call: KernelCall, attribute: String) throws(InterpreterError) -> DType {
        let code = try call.int(attribute, default: 1)
        guard let c = Int32(exactly: code), let t = ONNXDataType(code: c), let d = DType(rawValue: t.name),
            d.isFloatingPoint || d.isInteger
        else { throw call.error(.invalidAttribute, "\(attribute) \(code) is not a numeric data type") }
        return d
    }

    /// The DFT along `axis` of a tensor whose last axis holds 1 (real) or 2 (complex) values;
    /// the input is truncated or zero-padded to `length`, the first `bins` frequencies kept;
    /// `window` (one weight per sample) multiplies the input first. Output last axis is 2.
    static func transform(
        _ call: KernelCall, _ values: [Double], shape: [Int], axis: Int, length: Int, bins: Int, inverse: Bool,
        window: [Double]?
    ) throws(InterpreterError) -> [Double] {
        let channels = shape[shape.count - 1]
        let outer = shape[..<axis].reduce(1, *)
        let size = shape[axis]
        let inner = shape[(axis + 1)..<(shape.count - 1)].reduce(1, *)
        var out = [Double](repeating: 0, count: outer * bins * inner * 2)
        let sign: Double = inverse ? 1 : -1
        let used = Swift.min(size, length)
        // Twiddle factors by (k * n) mod length, exact in Int.
        var cosTable = [Double](repeating: 0, count: length), sinTable = [Double](repeating: 0, count: length)
        for m in 0..<length {
            let angle = 2 * Double.pi * Double(m) / Double(length)
            cosTable[m] = Foundation.cos(angle)
            sinTable[m] = sign * Foundation.sin(angle)
        }
        for o in 0..<outer {
            for i in 0..<inner {
                for k in 0..<bins {
                    var re = 0.0, im = 0.0
                    for n in 0..<used {
                        let base = ((o * size + n) * inner + i) * channels
                        let w = window?[n] ?? 1
                        let xr = values[base] * w
                        let xi = channels == 2 ? values[base + 1] * w : 0
                        let m = (k % length) * n % length
                        let c = cosTable[m], s = sinTable[m]
                        re += xr * c - xi * s
                        im += xr * s + xi * c
                    }
                    if inverse { re /= Double(length); im /= Double(length) }
                    let target = ((o * bins + k) * inner + i) * 2
                    out[target] = re
                    out[target + 1] = im
                }
            }
        }
        return out
    }
}
