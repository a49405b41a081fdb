// AVX-512 kernels chosen at run time: the fast backend's float32 convolution, max pooling and Gelu, and a
// tile of the reference backend's Double matrix product. Callers check mshub_avx512_supported()
// first; on other CPUs (and other architectures) the entry points are never called and the
// Swift paths run instead.

#ifndef MSHUB_CFASTKERNELS_H
#define MSHUB_CFASTKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The shape of one two-dimensional convolution (one image, one group).
///
/// The input is read through "phase planes": for stride (sh, sw), the padded input is split
/// into sh·sw planes, plane (a, b) holding the padded elements at rows a, a+sh, … and columns
/// b, b+sw, …, so that every kernel tap reads a contiguous run of a plane. Only the phases that
/// some tap uses are stored (phase_count of them, in the order the caller lists them).
typedef struct {
    int64_t channels, in_h, in_w;
    int64_t out_channels, out_h, out_w;
    int64_t kernel_h, kernel_w, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
    int64_t plane_h, plane_w, phase_count;
} mshub_conv_geometry;

/// 1 when this CPU (and its operating system) runs the AVX-512 kernels below.
int mshub_avx512_supported(void);

/// Output positions per tile (along the plane's row-major order) and output channels per tile.
int64_t mshub_direct_conv_tile_width(void);
int64_t mshub_direct_conv_tile_rows(void);

/// Writes rows [r0, r1) of the phase planes of input channels [c0, c1) of `x` (channels × in_h ×
/// in_w) to `planes`: channel ci, phase p at planes + (ci·phase_count + p)·plane_h·plane_w.
/// `phases` holds phase_count pairs (a, b). Padding is written as zeros.
void mshub_direct_conv_phases(
    const float *x, const mshub_conv_geometry *g, const int64_t *phases, float *planes, int64_t c0, int64_t c1,
    int64_t r0, int64_t r1);

/// Computes work items [item0, item1) of y = activation(conv(x, w) + bias + residual).
///
/// Output positions are numbered along the planes (out_h rows of plane_w, the columns from
/// out_w on being discarded) and cut into tiles of tile_width; output channels are cut into
/// chunks of m_chunk. Item i is tile i / chunks, chunk i % chunks. `offsets[k]` is where tap k
/// (in the weights' (channel, row, column) order) starts in `planes`; only the elements under
/// kept output positions are read, so for a 1×1 kernel with unit strides and no padding `planes`
/// may be the input itself. `w` is out_channels × (channels ·
/// kernel_h · kernel_w); `bias` (out_channels) and `residual` (shaped like y) may be NULL;
/// `clamp`, when not NULL, holds {lo, hi}: min(max(·, lo), hi) is applied last (NaN stays NaN;
/// Relu is {0, +inf}).
void mshub_direct_conv_run(
    const float *planes, const int64_t *offsets, const float *w, const float *bias, const float *residual, float *y,
    const mshub_conv_geometry *g, const float *clamp, int64_t item0, int64_t item1, int64_t m_chunk);

/// One channel of a depthwise convolution (one input channel per output channel): y (out_h ×
/// out_w) = clamp(conv(x, w) + bias + residual), x one in_h × in_w plane, w its kernel_h ·
/// kernel_w taps. `g` describes a one-channel convolution (channels and out_channels 1);
/// `phases` and `offsets` are its phase list and per-tap plane offsets as for
/// mshub_direct_conv_run; `scratch` holds phase_count · plane_h · plane_w floats. `bias` (one
/// value), `residual` (out_h × out_w) and `clamp` ({lo, hi}) may be NULL.
void mshub_depthwise_conv_channel(
    const float *x, const float *w, const float *bias, const float *residual, float *y, const mshub_conv_geometry *g,
    const int64_t *phases, const int64_t *offsets, const float *clamp, float *scratch);

/// C[4×32] += A[4×k] · B[k×32] in Double (row-major, leading dimensions given), each element
/// summed over k in order with the product rounded before it is added (no fused multiply-add).
/// Only on CPUs where mshub_avx512_supported() is 1.
void mshub_reference_gemm_4x32(
    int64_t k, const double *a, int64_t lda, const double *b, int64_t ldb, double *c, int64_t ldc);

/// y[i] = Gelu(x[i]) (exact form) for i < count, with the arithmetic of the fast backend's
/// Swift FastMath.gelu. Only on CPUs where mshub_avx512_supported() is 1.
void mshub_gelu_f32(const float *x, float *y, int64_t count);

/// The shape of a 2-D pooling over planes (no dilation): windows clipped to the input.
typedef struct {
    int64_t in_h, in_w, out_h, out_w, kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left;
} mshub_pool_geometry;

/// Max pooling of output rows [r0, r1) of planes [p0, p1) of x (planes × in_h × in_w) into y
/// (planes × out_h × out_w). NaN wins; a window wholly in the padding gives -inf. `line` is
/// scratch of in_w floats. Only on CPUs where mshub_avx512_supported() is 1.
void mshub_max_pool_2d_f32(
    const float *x, float *y, int64_t p0, int64_t p1, int64_t r0, int64_t r1, const mshub_pool_geometry *g, float *line);

#ifdef __cplusplus
}
#endif

#endif
