// The cuda backend's own GPU kernels, as CUDA C source that NVRTC compiles when the backend
// starts (written for mshub; no CUDA headers are included, so NVRTC needs nothing but itself).
//
// Conventions shared by every kernel, which the Swift side (`CUDAKernels`) relies on:
// - float32 tensors, row-major and contiguous; sizes and offsets are 64-bit (`i64`);
// - one entry point per operation, `extern "C"` so its PTX name is the C name;
// - elementwise kernels walk their elements with a grid-stride loop, so any grid size works;
//   row kernels (softmax, normalisations, global pools, reductions) give one block of
//   `MSHUB_BLOCK` threads to each row and walk the rows with a block-stride loop;
// - shapes travel by value in structs made only of i64 fields (no padding), which the Swift
//   side fills as an array of Int64 in field order;
// - the math mirrors the reference backend: transcendental functions are evaluated in double
//   and rounded once to float, sums accumulate in double, NaN handling follows the reference
//   kernels' comparisons (`SWIFT_MAX`/`SWIFT_MIN` are Swift's max/min, whose NaN behaviour the
//   reference formulas inherit).

/// One NVRTC program: its source and the entry points it must define.
struct CUDAKernelModule: Sendable {
    /// Short name, used as the program's file name in compiler messages.
    let name: String
    /// CUDA C source, `CUDAKernelSource.prelude` included.
    let source: String
    /// The `extern "C"` kernels the backend looks up in it.
    let entryPoints: [String]
}

enum CUDAKernelSource {
    /// Threads per block of the row kernels (a power of two: the tree reductions halve it).
    static let blockSize = 256

    /// The kernel modules the backend compiles, in order.
    static let modules: [CUDAKernelModule] = [elementwise, layout, normalization, pooling, reduction]

    /// Definitions every module starts with.
    static let prelude = """
        typedef long long i64;
        #define MSHUB_BLOCK \(blockSize)
        #define MSHUB_MAX_RANK 8
        #define GRID_LOOP(i, n) for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)
        #define ROW_LOOP(r, n) for (i64 r = blockIdx.x; r < (n); r += gridDim.x)
        #define SWIFT_MAX(a, b) ((b) >= (a) ? (b) : (a))
        #define SWIFT_MIN(a, b) ((b) < (a) ? (b) : (a))
        #define IS_NAN(v) ((v) != (v))

        /* An output shape with each operand's element strides along it (0 where it broadcasts). */
        struct Strided {
            i64 rank;
            i64 dims[MSHUB_MAX_RANK];
            i64 a[MSHUB_MAX_RANK];
            i64 b[MSHUB_MAX_RANK];
        };

        /* The offsets in a and b of output element i. */
        __device__ __forceinline__ void strided_offsets(i64 i, const Strided& s, i64* oa, i64* ob) {
            i64 pa = 0, pb = 0;
            for (int d = (int)s.rank - 1; d >= 0; --d) {
                i64 q = i % s.dims[d];
                i /= s.dims[d];
                pa += q * s.a[d];
                pb += q * s.b[d];
            }
            *oa = pa;
            *ob = pb;
        }

        __device__ __forceinline__ float quiet_nan() { return __int_as_float(0x7fc00000); }

        /* Sum of one double per thread over the block; every thread gets the total. */
        __device__ double block_sum(double v, double* scratch) {
            scratch[threadIdx.x] = v;
            __syncthreads();
            for (int half = MSHUB_BLOCK / 2; half > 0; half >>= 1) {
                if (threadIdx.x < half) scratch[threadIdx.x] += scratch[threadIdx.x + half];
                __syncthreads();
            }
            double total = scratch[0];
            __syncthreads();
            return total;
        }

        /* The larger of a and b, NaN winning (the reference's row maximum). */
        __device__ __forceinline__ float nan_max(float a, float b) { return (b > a || (IS_NAN(b) && !IS_NAN(a))) ? b : a; }

        /* Maximum of one float per thread over the block, NaN winning; every thread gets it. */
        __device__ float block_max(float v, float* scratch) {
            scratch[threadIdx.x] = v;
            __syncthreads();
            for (int half = MSHUB_BLOCK / 2; half > 0; half >>= 1) {
                if (threadIdx.x < half) scratch[threadIdx.x] = nan_max(scratch[threadIdx.x], scratch[threadIdx.x + half]);
                __syncthreads();
            }
            float total = scratch[0];
            __syncthreads();
            return total;
        }

        """

    // MARK: Elementwise

    /// Unary ops (`name` → double expression of `x`, with attribute values `p`, `q`).
    static let unaryOps: [(name: String, expression: String)] = [
        ("relu", "x > 0 ? x : (IS_NAN(x) ? x : 0.0)"),
        ("neg", "-x"),
        ("abs", "fabs(x)"),
        ("reciprocal", "1.0 / x"),
        ("floor", "floor(x)"),
        ("ceil", "ceil(x)"),
        ("round", "rint(x)"),
        ("sqrt", "sqrt(x)"),
        ("exp", "exp(x)"),
        ("log", "log(x)"),
        ("sin", "sin(x)"),
        ("cos", "cos(x)"),
        ("tan", "tan(x)"),
        ("asin", "asin(x)"),
        ("acos", "acos(x)"),
        ("atan", "atan(x)"),
        ("sinh", "sinh(x)"),
        ("cosh", "cosh(x)"),
        ("tanh", "tanh(x)"),
        ("asinh", "asinh(x)"),
        ("acosh", "acosh(x)"),
        ("atanh", "atanh(x)"),
        ("erf", "erf(x)"),
        ("sign", "IS_NAN(x) ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0))"),
        ("sigmoid", "x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x))"),
        ("softplus", "softplus(x)"),
        ("softsign", "x / (1.0 + fabs(x))"),
        ("mish", "x * tanh(softplus(x))"),
        ("hardswish", "x * SWIFT_MAX(0.0, SWIFT_MIN(1.0, x / 6.0 + 0.5))"),
        ("gelu", "0.5 * x * (1.0 + erf(x / 1.4142135623730951))"),
        ("gelu_tanh", "0.5 * x * (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))"),
        ("leaky_relu", "x < 0 ? p * x : x"),
        ("elu", "x < 0 ? p * expm1(x) : x"),
        ("selu", "x <= 0 ? q * p * expm1(x) : q * x"),
        ("celu", "SWIFT_MAX(0.0, x) + SWIFT_MIN(0.0, p * expm1(x / p))"),
        ("hard_sigmoid", "SWIFT_MAX(0.0, SWIFT_MIN(1.0, p * x + q))"),
        ("thresholded_relu", "x > p ? x : 0.0"),
        ("shrink", "x < -p ? x + q : (x > p ? x - q : 0.0)"),
        ("swish", "x * sigmoid(p * x)"),
        ("clip", "IS_NAN(x) ? x : SWIFT_MIN(SWIFT_MAX(x, p), q)"),
    ]

    /// Binary ops (`name` → float expression of `a`, `b`): float arithmetic is exact to the
    /// reference's double arithmetic rounded once, for these four and PRelu.
    static let binaryOps: [(name: String, expression: String)] = [
        ("add", "a + b"), ("sub", "a - b"), ("mul", "a * b"), ("div", "a / b"), ("prelu", "a < 0 ? b * a : a"),
    ]

    static let elementwise: CUDAKernelModule = {
        var source = prelude + """
            __device__ __forceinline__ double softplus(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }
            __device__ __forceinline__ double sigmoid(double x) { return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x)); }

            """
        var entries: [String] = []
        for (name, expression) in unaryOps {
            source += """
                extern "C" __global__ void mshub_\(name)(const float* in, float* out, i64 n, double p, double q) {
                    GRID_LOOP(i, n) { double x = (double)in[i]; out[i] = (float)(\(expression)); }
                }

                """
            entries.append("mshub_\(name)")
        }
        for (name, expression) in binaryOps {
            source += """
                extern "C" __global__ void mshub_\(name)(const float* pa, const float* pb, float* out, i64 n, Strided s) {
                    GRID_LOOP(i, n) { i64 ia, ib; strided_offsets(i, s, &ia, &ib); float a = pa[ia], b = pb[ib]; out[i] = \(expression); }
                }
                extern "C" __global__ void mshub_\(name)_same(const float* pa, const float* pb, float* out, i64 n) {
                    GRID_LOOP(i, n) { float a = pa[i], b = pb[i]; out[i] = \(expression); }
                }

                """
            entries += ["mshub_\(name)", "mshub_\(name)_same"]
        }
        return CUDAKernelModule(name: "elementwise.cu", source: source, entryPoints: entries)
    }()

    // MARK: Layout: transpose, im2col, the convolution epilogue

    static let layout = CUDAKernelModule(
        name: "layout.cu",
        source: prelude + """
            /* out[i] = in[offset of i], the offset from the output shape and the input strides in s.a. */
            extern "C" __global__ void mshub_transpose(const float* in, float* out, i64 n, Strided s) {
                GRID_LOOP(i, n) { i64 ia, ib; strided_offsets(i, s, &ia, &ib); out[i] = in[ia]; }
            }

            /* out[out_base + offset b of i] = in[in_base + offset a of i] over the shape in s: Slice (a holds
               the steps' strides), Concat (one call per input, b the output's strides) and the like. */
            extern "C" __global__ void mshub_strided_copy(const float* in, float* out, i64 n, Strided s, i64 in_base, i64 out_base) {
                GRID_LOOP(i, n) { i64 ia, ib; strided_offsets(i, s, &ia, &ib); out[out_base + ib] = in[in_base + ia]; }
            }

            /* Gather along one axis: y[o][j][k] = x[o][idx[j]][k] for o < outer, j < count, k < inner,
               the indices already checked and made non-negative. */
            extern "C" __global__ void mshub_gather(const float* x, const i64* idx, float* y, i64 outer, i64 size, i64 count, i64 inner) {
                GRID_LOOP(i, outer * count * inner) {
                    i64 k = i % inner, j = (i / inner) % count, o = i / (inner * count);
                    y[i] = x[(o * size + idx[j]) * inner + k];
                }
            }

            /* A 2-D convolution's geometry, all i64. */
            struct Conv2D {
                i64 channels, ih, iw, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw;
            };

            /* Column matrix [channels·kh·kw, oh·ow] of one image (channels of one group): the input
               element under each tap for each output position, 0 in the padding. */
            extern "C" __global__ void mshub_im2col2d(const float* x, float* cols, Conv2D g) {
                i64 plane = g.oh * g.ow, taps = g.kh * g.kw;
                i64 n = g.channels * taps * plane;
                GRID_LOOP(i, n) {
                    i64 row = i / plane, col = i % plane;
                    i64 ci = row / taps, ki = (row / g.kw) % g.kh, kj = row % g.kw;
                    i64 r = (col / g.ow) * g.sh + ki * g.dh - g.ph;
                    i64 c = (col % g.ow) * g.sw + kj * g.dw - g.pw;
                    cols[i] = (r >= 0 && r < g.ih && c >= 0 && c < g.iw) ? x[(ci * g.ih + r) * g.iw + c] : 0.0f;
                }
            }

            /* The column matrices of `images` images at once, one after another ([image][row][position]),
               image i read at x + i·image_stride: what one strided-batched GEMM over the images takes.
               32-bit index arithmetic (the caller checks that images·rows·positions fits), since 64-bit
               division costs several times more on the GPU. */
            extern "C" __global__ void mshub_im2col2d_images(const float* x, float* cols, Conv2D g, i64 images, i64 image_stride) {
                int plane = (int)(g.oh * g.ow), taps = (int)(g.kh * g.kw), kw = (int)g.kw, ow = (int)g.ow;
                int per_image = (int)g.channels * taps * plane;
                int ih = (int)g.ih, iw = (int)g.iw;
                GRID_LOOP(i, images * per_image) {
                    int k = (int)i;
                    int image = k / per_image, rest = k - image * per_image;
                    int row = rest / plane, col = rest - row * plane;
                    int ci = row / taps, t = row - ci * taps;
                    int ki = t / kw, kj = t - ki * kw;
                    int oy = col / ow, ox = col - oy * ow;
                    int r = oy * (int)g.sh + ki * (int)g.dh - (int)g.ph;
                    int c = ox * (int)g.sw + kj * (int)g.dw - (int)g.pw;
                    cols[i] = (r >= 0 && r < ih && c >= 0 && c < iw) ? x[(i64)image * image_stride + ((i64)ci * ih + r) * iw + c] : 0.0f;
                }
            }

            /* Depthwise convolution (as many groups as channels, one output channel each) of `images`
               images: y[n][c][oy][ox] = the sum, in tap order, of w[c][ki][kj]·x[n][c][r][col] over the
               taps that fall inside the input. 32-bit index arithmetic, checked by the caller. */
            extern "C" __global__ void mshub_depthwise2d(const float* x, const float* w, float* y, Conv2D g, i64 images) {
                int oh = (int)g.oh, ow = (int)g.ow, ih = (int)g.ih, iw = (int)g.iw, kh = (int)g.kh, kw = (int)g.kw;
                int channels = (int)g.channels, plane = oh * ow;
                GRID_LOOP(i, images * channels * plane) {
                    int k = (int)i;
                    int nc = k / plane, col = k - nc * plane;
                    int channel = nc % channels;
                    int oy = col / ow, ox = col - oy * ow;
                    int r0 = oy * (int)g.sh - (int)g.ph, c0 = ox * (int)g.sw - (int)g.pw;
                    const float* plane_x = x + (i64)nc * ih * iw;
                    const float* taps = w + (i64)channel * kh * kw;
                    float sum = 0.0f;
                    for (int ki = 0; ki < kh; ++ki) {
                        int r = r0 + ki * (int)g.dh;
                        if (r < 0 || r >= ih) continue;
                        for (int kj = 0; kj < kw; ++kj) {
                            int c = c0 + kj * (int)g.dw;
                            if (c < 0 || c >= iw) continue;
                            sum += taps[ki * kw + kj] * plane_x[r * iw + c];
                        }
                    }
                    y[i] = sum;
                }
            }

            /* Column matrix through the reference's tap table (any number of spatial axes): taps[o·k + t]
               is the input offset under tap t of output position o, or -1 in the padding. */
            extern "C" __global__ void mshub_im2col_taps(const float* x, float* cols, const i64* taps, i64 rows,
                                                         i64 kcount, i64 incount, i64 outcount) {
                GRID_LOOP(i, rows * outcount) {
                    i64 row = i / outcount, o = i % outcount;
                    i64 p = taps[o * kcount + row % kcount];
                    cols[i] = p >= 0 ? x[(row / kcount) * incount + p] : 0.0f;
                }
            }

            /* y += bias[channel] (when bias is given), then + residual[i] (when given), then the
               activation, over [planes, size] where plane p belongs to channel p mod channels: mode 1
               ReLU, mode 2 Clip to [lo, hi] as the reference computes it (NaN kept, max with lo and
               then min with hi, in double). */
            extern "C" __global__ void mshub_bias_activation(float* y, const float* bias, const float* residual, i64 n, i64 channels,
                                                             i64 size, int mode, double lo, double hi) {
                bool narrow = n <= 2147483647LL;  /* 32-bit division where every index fits: several times cheaper */
                GRID_LOOP(i, n) {
                    float v = y[i];
                    if (bias) v += bias[narrow ? ((int)i / (int)size) % (int)channels : (i / size) % channels];
                    if (residual) v += residual[i];
                    if (mode == 1) v = v > 0 ? v : (IS_NAN(v) ? v : 0.0f);
                    if (mode == 2 && !IS_NAN(v)) {
                        double d = (double)v;
                        d = lo > d ? lo : d;
                        d = hi < d ? hi : d;
                        v = (float)d;
                    }
                    y[i] = v;
                }
            }

            /* y[m×n] = c broadcast: row-major element (i, j) of y from c at i·si + j·sj. */
            extern "C" __global__ void mshub_broadcast_matrix(const float* c, float* y, i64 m, i64 n, i64 si, i64 sj) {
                GRID_LOOP(i, m * n) { y[i] = c[(i / n) * si + (i % n) * sj]; }
            }

            """,
        entryPoints: [
            "mshub_transpose", "mshub_im2col2d", "mshub_im2col2d_images", "mshub_depthwise2d", "mshub_im2col_taps",
            "mshub_bias_activation", "mshub_broadcast_matrix", "mshub_strided_copy", "mshub_gather",
        ])

    // MARK: Normalisation: softmax, layer and batch normalisation

    static let normalization = CUDAKernelModule(
        name: "normalization.cu",
        source: prelude + """
            /* Softmax (log = 0) or LogSoftmax (log = 1) along rows of `size` elements `inner` apart;
               row r starts at (r / inner)·size·inner + r mod inner. */
            extern "C" __global__ void mshub_softmax(const float* x, float* y, i64 rows, i64 size, i64 inner, int log_softmax) {
                __shared__ double sums[MSHUB_BLOCK];
                __shared__ float peaks[MSHUB_BLOCK];
                ROW_LOOP(r, rows) {
                    i64 base = (r / inner) * size * inner + r % inner;
                    float peak = -__int_as_float(0x7f800000);
                    bool any = false;
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) {
                        float v = x[base + k * inner];
                        peak = any ? nan_max(peak, v) : v;
                        any = true;
                    }
                    if (!any) peak = -__int_as_float(0x7f800000);
                    peak = block_max(peak, peaks);
                    double m = (double)peak, sum = 0.0;
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) sum += exp((double)x[base + k * inner] - m);
                    sum = block_sum(sum, sums);
                    if (log_softmax) {
                        double l = log(sum);
                        for (i64 k = threadIdx.x; k < size; k += blockDim.x) y[base + k * inner] = (float)((double)x[base + k * inner] - m - l);
                    } else {
                        for (i64 k = threadIdx.x; k < size; k += blockDim.x) y[base + k * inner] = (float)(exp((double)x[base + k * inner] - m) / sum);
                    }
                }
            }

            /* LayerNormalization over rows of `size` elements: mean, then the mean squared deviation,
               in double; scale and bias (optional) have the row's shape. */
            extern "C" __global__ void mshub_layernorm(const float* x, float* y, float* mean_out, float* inv_out,
                                                       const float* scale, const float* bias, i64 rows, i64 size, double epsilon) {
                __shared__ double sums[MSHUB_BLOCK];
                ROW_LOOP(r, rows) {
                    const float* row = x + r * size;
                    double s = 0.0;
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) s += (double)row[k];
                    double mean = block_sum(s, sums) / (double)size;
                    double sq = 0.0;
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) { double d = (double)row[k] - mean; sq += d * d; }
                    double inv = 1.0 / sqrt(block_sum(sq, sums) / (double)size + epsilon);
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) {
                        double v = ((double)row[k] - mean) * inv * (double)scale[k] + (bias ? (double)bias[k] : 0.0);
                        y[r * size + k] = (float)v;
                    }
                    if (threadIdx.x == 0) { mean_out[r] = (float)mean; inv_out[r] = (float)inv; }
                }
            }

            /* BatchNormalization (inference) folded into y = x·k[c] + shift[c], in double. */
            extern "C" __global__ void mshub_batchnorm(const float* x, float* y, const double* k, const double* shift,
                                                       i64 n, i64 channels, i64 spatial) {
                GRID_LOOP(i, n) {
                    i64 c = spatial == 0 ? 0 : (i / spatial) % channels;
                    y[i] = (float)((double)x[i] * k[c] + shift[c]);
                }
            }

            """,
        entryPoints: ["mshub_softmax", "mshub_layernorm", "mshub_batchnorm"])

    // MARK: Pooling

    static let pooling = CUDAKernelModule(
        name: "pooling.cu",
        source: prelude + """
            /* MaxPool through the tap table: the first tap inside the input, then any larger one (NaN
               wins); -inf for a window entirely in the padding. indices (optional) gets the flat
               position in x of the chosen element (the reference's Indices, storage_order 0). */
            extern "C" __global__ void mshub_maxpool(const float* x, float* y, i64* indices, const i64* taps,
                                                     i64 planes, i64 incount, i64 outcount, i64 kcount) {
                GRID_LOOP(i, planes * outcount) {
                    i64 plane = i / outcount, o = i % outcount;
                    const float* xp = x + plane * incount;
                    float best = -__int_as_float(0x7f800000);
                    i64 at = -1;
                    for (i64 t = 0; t < kcount; ++t) {
                        i64 p = taps[o * kcount + t];
                        if (p < 0) continue;
                        float v = xp[p];
                        if (at < 0 || v > best || (IS_NAN(v) && !IS_NAN(best))) { best = v; at = p; }
                    }
                    y[i] = best;
                    if (indices) indices[i] = plane * incount + (at < 0 ? 0 : at);
                }
            }

            /* A 2-D pool's geometry over `planes` planes, all i64. */
            struct Pool2D {
                i64 planes, ih, iw, oh, ow, kh, kw, sh, sw, dh, dw, ph, pw;
            };

            /* MaxPool over 2-D planes with the window computed from the geometry (no tap table): the
               same taps in the same order as mshub_maxpool, so ties and NaN resolve alike. */
            extern "C" __global__ void mshub_maxpool2d(const float* x, float* y, i64* indices, Pool2D g) {
                i64 outcount = g.oh * g.ow, incount = g.ih * g.iw;
                GRID_LOOP(i, g.planes * outcount) {
                    i64 plane = i / outcount, o = i % outcount;
                    i64 r0 = (o / g.ow) * g.sh - g.ph, c0 = (o % g.ow) * g.sw - g.pw;
                    const float* xp = x + plane * incount;
                    float best = -__int_as_float(0x7f800000);
                    i64 at = -1;
                    for (i64 ki = 0; ki < g.kh; ++ki) {
                        i64 r = r0 + ki * g.dh;
                        if (r < 0 || r >= g.ih) continue;
                        for (i64 kj = 0; kj < g.kw; ++kj) {
                            i64 c = c0 + kj * g.dw;
                            if (c < 0 || c >= g.iw) continue;
                            float v = xp[r * g.iw + c];
                            if (at < 0 || v > best || (IS_NAN(v) && !IS_NAN(best))) { best = v; at = r * g.iw + c; }
                        }
                    }
                    y[i] = best;
                    if (indices) indices[i] = plane * incount + (at < 0 ? 0 : at);
                }
            }

            /* AveragePool through the tap table: the mean of the taps inside the input, or the sum over
               padded[o] (count_include_pad) when padded is given; NaN for an empty window. */
            extern "C" __global__ void mshub_avgpool(const float* x, float* y, const i64* taps, const i64* padded,
                                                     i64 planes, i64 incount, i64 outcount, i64 kcount) {
                GRID_LOOP(i, planes * outcount) {
                    i64 plane = i / outcount, o = i % outcount;
                    const float* xp = x + plane * incount;
                    double sum = 0.0;
                    i64 count = 0;
                    for (i64 t = 0; t < kcount; ++t) {
                        i64 p = taps[o * kcount + t];
                        if (p < 0) continue;
                        sum += (double)xp[p];
                        count += 1;
                    }
                    i64 divisor = padded ? padded[o] : count;
                    y[i] = divisor == 0 ? quiet_nan() : (float)(sum / (double)divisor);
                }
            }

            /* GlobalAveragePool: one mean per plane of `size` elements, summed in double. */
            extern "C" __global__ void mshub_global_avgpool(const float* x, float* y, i64 planes, i64 size) {
                __shared__ double sums[MSHUB_BLOCK];
                ROW_LOOP(r, planes) {
                    double s = 0.0;
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) s += (double)x[r * size + k];
                    s = block_sum(s, sums);
                    if (threadIdx.x == 0) y[r] = (float)(s / (double)size);
                }
            }

            /* GlobalMaxPool: one maximum per plane, NaN winning. */
            extern "C" __global__ void mshub_global_maxpool(const float* x, float* y, i64 planes, i64 size) {
                __shared__ float peaks[MSHUB_BLOCK];
                ROW_LOOP(r, planes) {
                    float best = x[r * size];
                    for (i64 k = threadIdx.x; k < size; k += blockDim.x) best = nan_max(best, x[r * size + k]);
                    best = block_max(best, peaks);
                    if (threadIdx.x == 0) y[r] = best;
                }
            }

            """,
        entryPoints: ["mshub_maxpool", "mshub_maxpool2d", "mshub_avgpool", "mshub_global_avgpool", "mshub_global_maxpool"])

    // MARK: Reductions

    /// ReduceSum, Mean, Max, Min, SumSquare, L1, L2, LogSumExp codes of `mshub_reduce`.
    enum ReduceKind: Int32, Sendable {
        case sum = 0, mean, max, min, sumSquare, l1, l2, logSumExp
    }

    static let reduction = CUDAKernelModule(
        name: "reduction.cu",
        source: prelude + """
            /* Kept axes (output order) and reduced axes, each with its input strides. */
            struct Reduction {
                i64 kept_rank;
                i64 kept_dims[MSHUB_MAX_RANK];
                i64 kept_strides[MSHUB_MAX_RANK];
                i64 reduced_rank;
                i64 reduced_dims[MSHUB_MAX_RANK];
                i64 reduced_strides[MSHUB_MAX_RANK];
                i64 reduced_count;
            };

            __device__ __forceinline__ i64 mixed_offset(i64 i, i64 rank, const i64* dims, const i64* strides) {
                i64 offset = 0;
                for (int d = (int)rank - 1; d >= 0; --d) { offset += (i % dims[d]) * strides[d]; i /= dims[d]; }
                return offset;
            }

            /* The reference's maximum/minimum: NaN if either is NaN. */
            __device__ __forceinline__ double ref_max(double a, double b) { return (IS_NAN(a) || IS_NAN(b)) ? a + b : (a >= b ? a : b); }
            __device__ __forceinline__ double ref_min(double a, double b) { return (IS_NAN(a) || IS_NAN(b)) ? a + b : (a <= b ? a : b); }

            /* Block-wide fold of one double per thread with op (0 sum, 1 max, 2 min). */
            __device__ double block_fold(double v, double* scratch, int op) {
                scratch[threadIdx.x] = v;
                __syncthreads();
                for (int half = MSHUB_BLOCK / 2; half > 0; half >>= 1) {
                    if (threadIdx.x < half) {
                        double a = scratch[threadIdx.x], b = scratch[threadIdx.x + half];
                        scratch[threadIdx.x] = op == 0 ? a + b : (op == 1 ? ref_max(a, b) : ref_min(a, b));
                    }
                    __syncthreads();
                }
                double total = scratch[0];
                __syncthreads();
                return total;
            }

            /* One block per output element; kind as in CUDAKernelSource.ReduceKind. reduced_count > 0. */
            extern "C" __global__ void mshub_reduce(const float* x, float* y, i64 outputs, Reduction r, int kind) {
                __shared__ double scratch[MSHUB_BLOCK];
                const double inf = (double)__int_as_float(0x7f800000);
                ROW_LOOP(o, outputs) {
                    i64 base = mixed_offset(o, r.kept_rank, r.kept_dims, r.kept_strides);
                    int op = kind == 2 || kind == 7 ? 1 : (kind == 3 ? 2 : 0);
                    double acc = op == 1 ? -inf : (op == 2 ? inf : 0.0);
                    for (i64 j = threadIdx.x; j < r.reduced_count; j += blockDim.x) {
                        double v = (double)x[base + mixed_offset(j, r.reduced_rank, r.reduced_dims, r.reduced_strides)];
                        if (kind == 4 || kind == 6) v = v * v;
                        if (kind == 5) v = fabs(v);
                        acc = op == 0 ? acc + v : (op == 1 ? ref_max(acc, v) : ref_min(acc, v));
                    }
                    acc = block_fold(acc, scratch, op);
                    if (kind == 7) {
                        /* log-sum-exp: the peak, then the sum of exponentials relative to it. */
                        double peak = acc, s = 0.0;
                        for (i64 j = threadIdx.x; j < r.reduced_count; j += blockDim.x) {
                            double v = (double)x[base + mixed_offset(j, r.reduced_rank, r.reduced_dims, r.reduced_strides)];
                            s += isfinite(peak) ? exp(v - peak) : exp(v);
                        }
                        s = block_fold(s, scratch, 0);
                        acc = isfinite(peak) ? peak + log(s) : log(s);
                    }
                    if (threadIdx.x == 0) {
                        if (kind == 1) acc /= (double)r.reduced_count;
                        if (kind == 6) acc = sqrt(acc);
                        y[o] = (float)acc;
                    }
                }
            }

            """,
        entryPoints: ["mshub_reduce"])
}
