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
}
