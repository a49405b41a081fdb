import CFastKernels
import Foundation
import Testing
@testable import Verify

/// The fast backend's vectorisable exp and erfc against the C library's double-precision
/// functions over their whole useful range, and their NaN behaviour.
@Suite struct FastMathTests {
    @Test func expIsWithinAFewUlpsOverItsRange() {
        var worst = 0.0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(FastMath.exp(x)) / exact - 1))
            x += 0.0137
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(.nan).isNaN)
        #expect(FastMath.exp(-1000) >= 0 && FastMath.exp(-1000) < 1e-37)
    }

    @Test func erfcAndGeluMatchTheLibrary() {
        var worstErfc = 0.0, worstGelu = 0.0
        var z: Float = -6
        while z <= 9 {
            // The float32 rounding of -z² (about z² · 6e-8) carries into the result's relative error.
            let exact = Foundation.erfc(Double(z))
            let allowed = 2e-6 + 1.2e-7 * Double(z * z)
            worstErfc = max(worstErfc, abs(Double(FastMath.erfc(z)) / exact - 1) / allowed)
            let x = z * 1.5
            let gelu = 0.5 * Double(x) * Foundation.erfc(-Double(x) / 2.0.squareRoot())
            worstGelu = max(worstGelu, abs(Double(FastMath.gelu(x)) - gelu) / max(abs(gelu), 1e-3))
            z += 0.00731
        }
        #expect(worstErfc < 1, "erfc: worst error \(worstErfc) of its allowance")
        #expect(worstGelu < 2e-6, "gelu worst error \(worstGelu)")
        #expect(FastMath.erfc(.nan).isNaN)
        #expect(FastMath.gelu(.nan).isNaN)
        #expect(FastMath.gelu(0) == 0)
    }

    /// The AVX-512 Gelu loop (C) does FastMath.gelu's arithmetic in the same order: the bits agree,
    /// including NaN, infinities, zeros of both signs and subnormals.
    @Test func vectorGeluIsBitIdenticalToFastMath() {
        guard FastSupport.avx512 else {
            // Without AVX-512 the fast backend must use the Swift loop only.
            #expect(!FastDirectConv.enabled)
            return
        }
        var inputs: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e-30, -1e30]
        var x: Float = -20
        while x <= 20 {
            inputs.append(x)
            x += 0.000913
        }
        var state: UInt32 = 7
        for _ in 0..<5000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            inputs.append(Float(bitPattern: state))
        }
        // An odd count, so the vector loop's tail runs too.
        if inputs.count % 2 == 0 { inputs.removeLast() }
        var out = [Float](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { q in mshub_gelu_f32(p.baseAddress!, q.baseAddress!, Int64(p.count)) }
        }
        var mismatches = 0
        for (v, y) in zip(inputs, out) {
            let expected = FastMath.gelu(v)
            if !(expected.bitPattern == y.bitPattern || (expected.isNaN && y.isNaN)) { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(inputs.count) differ")
    }
}
