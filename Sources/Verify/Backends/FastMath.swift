// Branch-free float32 exp and erfc for the fast backend's Softmax and Gelu, written so that the
// compiler can vectorise the loops that call them (no library calls, no traps on NaN).
//
// exp: x = k·ln2 + r with k = round(x / ln2) (read from the bits of x/ln2 + 1.5·2^23, so no
// float-to-int conversion), ln2 split in two parts (Cody–Waite) so r is exact enough, e^r by its
// Taylor polynomial to degree 7 (|r| ≤ ln2/2, truncation below 1e-8), 2^k put in the exponent
// bits. Arguments are clamped to [-87.3, 88]: results below 2^-126 come out as about 1e-38,
// which is why the Exp op itself keeps expf. NaN stays NaN.
//
// erfc(z), z ≥ 0: t·exp(-z² + P(t)) with t = 1/(1 + z/2) and P of degree 9, its coefficients
// fitted here by least squares to Python's math.erfc on [0, 10] (relative error 2e-7 in Double,
// within about 5e-7 for the z that matter when evaluated in float32).

enum FastMath {
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = x < -87.3 ? -87.3 : (x > 88 ? 88 : x)
        let shifted = clamped * 1.442695041 + 12_582_912
        let k = shifted - 12_582_912
        let r = clamped - k * 0.693359375 - k * -2.12194440e-4
        let ki = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let scale = Float(bitPattern: UInt32(bitPattern: (ki &+ 127) << 23))
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return p * scale
    }

    /// erfc(z) for any z (erfc(-z) = 2 - erfc(z)).
    @inline(__always)
    static func erfc(_ z: Float) -> Float {
        let a = abs(z)
        let t = 1 / (1 + 0.5 * a)
        var p: Float = 0.17058248604671192
        p = p * t - 0.8112200034602673
        p = p * t + 1.4415805420439691
        p = p * t - 1.0460896035981835
        p = p * t + 0.1849866259444064
        p = p * t - 0.12704361426131994
        p = p * t + 0.07405268141877369
        p = p * t + 0.3792302486654996
        p = p * t + 0.9994025353136792
        p = p * t - 1.2654816475225692
        let e = t * exp(-a * a + p)
        return z >= 0 ? e : (z.isNaN ? z : 2 - e)
    }

    /// Gelu (exact form): x · Φ(x) = 0.5 · x · erfc(-x/√2).
    @inline(__always)
    static func gelu(_ x: Float) -> Float { 0.5 * x * erfc(-x * 0.70710678118654752) }
}
