// Gelu (exact form) over float32 for AVX-512 CPUs: the same arithmetic as the fast backend's
// Swift FastMath.gelu, operation for operation and without fused multiply-adds, so the two give
// identical bits; written as a plain loop that the compiler vectorises 16 lanes wide.

#include "CFastKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

static inline __attribute__((always_inline)) float bits_to_float(uint32_t u) {
    float f;
    __builtin_memcpy(&f, &u, sizeof f);
    return f;
}

static inline __attribute__((always_inline)) uint32_t float_to_bits(float f) {
    uint32_t u;
    __builtin_memcpy(&u, &f, sizeof u);
    return u;
}

// e^x as FastMath.exp: Cody–Waite reduction by ln 2, a degree-7 polynomial, 2^k in the exponent.
static inline __attribute__((always_inline)) float exp_approx(float x) {
    const float clamped = x < -87.3f ? -87.3f : (x > 88.0f ? 88.0f : x);
    const float shifted = clamped * 1.442695041f + 12582912.0f;
    const float k = shifted - 12582912.0f;
    const float r = clamped - k * 0.693359375f - k * -2.12194440e-4f;
    const int32_t ki = (int32_t)(float_to_bits(shifted) - 0x4B400000u);
    const float scale = bits_to_float((uint32_t)(ki + 127) << 23);
    float p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1;
    p = p * r + 1;
    return p * scale;
}

// erfc(z) as FastMath.erfc.
static inline __attribute__((always_inline)) float erfc_approx(float z) {
    const float a = __builtin_fabsf(z);
    const float t = 1 / (1 + 0.5f * a);
    float p = 0.17058248604671192f;
    p = p * t - 0.8112200034602673f;
    p = p * t + 1.4415805420439691f;
    p = p * t - 1.0460896035981835f;
    p = p * t + 0.1849866259444064f;
    p = p * t - 0.12704361426131994f;
    p = p * t + 0.07405268141877369f;
    p = p * t + 0.3792302486654996f;
    p = p * t + 0.9994025353136792f;
    p = p * t - 1.2654816475225692f;
    const float e = t * exp_approx(-a * a + p);
    return z >= 0 ? e : (z != z ? z : 2 - e);
}

__attribute__((target("avx512f"))) void mshub_gelu_f32(const float *x, float *y, int64_t count) {
    for (int64_t i = 0; i < count; i++) {
        const float v = x[i];
        y[i] = 0.5f * v * erfc_approx(-v * 0.70710678118654752f);
    }
}

#else

void mshub_gelu_f32(const float *x, float *y, int64_t count) {
    (void)x; (void)y; (void)count;
}

#endif
