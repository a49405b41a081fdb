import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// What of the cuda backend can be checked without a GPU: every kernel module compiles with a
/// real NVRTC (PyPI's nvidia-cuda-nvrtc-cu12, installed by scripts/install-deps; NVRTC needs no
/// GPU and no driver) for a real architecture, defines exactly the entry points the backend
/// looks up, and the kernel names and argument structs the Swift side uses match the source.
/// NVRTC is an oracle like the others: where it is missing the test fails rather than skips.
@Suite struct CUDAKernelTests {
    /// NVRTC from `MSHUB_NVRTC`, else the wheel in the project's .venv.
    static func nvrtc() throws -> NVRTC {
        var environment = ProcessInfo.processInfo.environment
        if (environment["MSHUB_NVRTC"] ?? "").isEmpty {
            let lib = Project.root.appendingPathComponent(".venv/lib")
            let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
            let folders = pythons.filter { $0.hasPrefix("python") }.sorted().map {
                lib.appendingPathComponent($0).appendingPathComponent("site-packages/nvidia/cuda_nvrtc/lib").path
            }
            guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/libnvrtc.so.12") }) else {
                throw OracleError.missing("NVRTC: no .venv/lib/python*/site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12 (run scripts/install-deps) and MSHUB_NVRTC is not set")
            }
            environment["MSHUB_NVRTC"] = folder
        }
        do {
            return try NVRTC.load(environment: environment)
        } catch {
            throw OracleError.missing("NVRTC: \(error)")
        }
    }

    /// The entry points a PTX text defines.
    static func entries(_ ptx: String) -> Set<String> {
        var names = Set<String>()
        for line in ptx.split(separator: "\n") where line.contains(".entry ") {
            guard let range = line.range(of: ".entry ") else { continue }
            names.insert(String(line[range.upperBound...].prefix { $0 != "(" && $0 != " " }))
        }
        return names
    }

    /// Parameter sizes in bytes of `entry`, in order, from its PTX declaration.
    static func parameterSizes(_ ptx: String, entry: String) -> [Int] {
        guard let start = ptx.range(of: ".entry \(entry)(") else { return [] }
        let declaration = ptx[start.upperBound...].prefix { $0 != ")" }
        var sizes: [Int] = []
        for line in declaration.split(separator: "\n") where line.contains(".param") {
            if let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), let n = Int(line[line.index(after: open)..<close]) {
                sizes.append(n)
            } else if line.contains(".u64") || line.contains(".f64") || line.contains(".b64") || line.contains(".s64") {
                sizes.append(8)
            } else {
                sizes.append(4)
            }
        }
        return sizes
    }

    @Test func everyKernelModuleCompilesForHopperWithItsEntryPoints() throws {
        let compiler = try Self.nvrtc()
        #expect(compiler.version.major >= 12)
        #expect(compiler.supportedArchitectures.contains(90), "\(compiler.supportedArchitectures)")
        var all = Set<String>()
        for module in CUDAKernelSource.modules {
            let image = try compiler.compile(module.source, name: module.name, architecture: 90, output: .ptx)
            let ptx = String(decoding: image.prefix { $0 != 0 }, as: UTF8.self)
            #expect(ptx.contains(".target sm_90"), "\(module.name)")
            let defined = Self.entries(ptx)
            #expect(defined == Set(module.entryPoints), "\(module.name): PTX defines \(defined.sorted()), expected \(module.entryPoints.sorted())")
            #expect(all.isDisjoint(with: defined), "\(module.name) repeats an entry point of another module")
            all.formUnion(defined)
            print("NVRTC \(compiler.version.major).\(compiler.version.minor): \(module.name) -> \(ptx.utf8.count) bytes of PTX, \(defined.count) entry points")
        }
        // The struct parameters are as large as the Swift side's Int64 arrays.
        let layout = try compiler.compile(CUDAKernelSource.layout.source, name: "layout.cu", architecture: 90, output: .ptx)
        let layoutPTX = String(decoding: layout.prefix { $0 != 0 }, as: UTF8.self)
        #expect(Self.parameterSizes(layoutPTX, entry: "mshub_transpose") == [8, 8, 8, CUDASupport.strided([2, 3], [3, 1]).bytes.count])
        #expect(Self.parameterSizes(layoutPTX, entry: "mshub_im2col2d") == [8, 8, 13 * 8])
        #expect(Self.parameterSizes(layoutPTX, entry: "mshub_bias_activation") == [8, 8, 8, 8, 8, 8, 4, 8, 8])
        let reduction = try compiler.compile(CUDAKernelSource.reduction.source, name: "reduction.cu", architecture: 90, output: .ptx)
        let reductionPTX = String(decoding: reduction.prefix { $0 != 0 }, as: UTF8.self)
        #expect(Self.parameterSizes(reductionPTX, entry: "mshub_reduce") == [8, 8, 8, (3 + 4 * CUDASupport.maxRank) * 8, 4])
        let elementwise = try compiler.compile(CUDAKernelSource.elementwise.source, name: "elementwise.cu", architecture: 90, output: .ptx)
        let elementwisePTX = String(decoding: elementwise.prefix { $0 != 0 }, as: UTF8.self)
        #expect(Self.parameterSizes(elementwisePTX, entry: "mshub_gelu") == [8, 8, 8, 8, 8])
        #expect(Self.parameterSizes(elementwisePTX, entry: "mshub_add") == [8, 8, 8, 8, 200])
    }

    @Test func kernelsCompileToMachineCodeToo() throws {
        let compiler = try Self.nvrtc()
        for module in CUDAKernelSource.modules {
            let cubin = try compiler.compile(module.source, name: module.name, architecture: 90, output: .cubin)
            #expect(Array(cubin.prefix(4)) == [0x7F, 0x45, 0x4C, 0x46], "\(module.name) is not an ELF cubin")
        }
    }

    @Test func compileErrorsCarryTheCompilerLog() throws {
        let compiler = try Self.nvrtc()
        #expect {
            _ = try compiler.compile("extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }", name: "broken.cu", architecture: 90, output: .ptx)
        } throws: { error in
            "\(error)".contains("broken.cu") && "\(error)".contains("undefined_name")
        }
    }

    /// Every kernel name the Swift side launches is defined by some module.
    @Test func launchedKernelNamesExist() throws {
        let defined = Set(CUDAKernelSource.modules.flatMap(\.entryPoints))
        let folder = Project.root.appendingPathComponent("Sources/Verify/Backends/CUDA")
        var used = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") && file != "CUDAKernelSource.swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: "\"(mshub_[a-z0-9_]+)\"")
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
            }
        }
        #expect(used.count > 20)
        #expect(used.subtracting(defined).isEmpty, "launched but not defined: \(used.subtracting(defined).sorted())")
        // Binary kernels are also launched as NAME_same.
        for (name, _) in CUDAKernelSource.binaryOps { #expect(defined.contains("mshub_\(name)_same")) }
    }

    /// A missing library is named in the reason, with what was tried.
    @Test func missingLibrariesAreNamed() {
        #expect {
            _ = try NVRTC.load(environment: ["MSHUB_NVRTC": "/nonexistent/libnvrtc.so.12"])
        } throws: { error in
            "\(error)".contains("NVRTC") && "\(error)".contains("MSHUB_NVRTC=/nonexistent/libnvrtc.so.12")
        }
        if dlopen("libcublas.so.12", RTLD_NOW | RTLD_LOCAL) == nil && dlopen("libcublas.so.13", RTLD_NOW | RTLD_LOCAL) == nil {
            #expect {
                _ = try CUBLAS.load()
            } throws: { error in
                "\(error)".contains("cuBLAS") && "\(error)".contains("libcublas.so.12") && "\(error)".contains("MSHUB_CUBLAS")
            }
        }
    }

    @Test func broadcastLayout() {
        #expect(CUDASupport.broadcastStrides([3, 1], to: [2, 3, 4]) == [0, 1, 0])
        #expect(CUDASupport.broadcastStrides([2, 3, 4], to: [2, 3, 4]) == [12, 4, 1])
        #expect(CUDASupport.broadcastStrides([], to: [5]) == [0])
        let layout = CUDASupport.strided([2, 3], [3, 1], [0, 1])
        guard case .int64s(let values) = layout else {
            Issue.record("not an Int64 struct")
            return
        }
        #expect(values.count == 1 + 3 * CUDASupport.maxRank)
        #expect(values[0] == 2 && values[1] == 2 && values[2] == 3 && values[9] == 3 && values[10] == 1 && values[17] == 0 && values[18] == 1)
        #expect(CUDARuntime.bucket(1) == 256 && CUDARuntime.bucket(257) == 512 && CUDARuntime.bucket(1 << 20) == 1 << 20)
    }

    /// The cuda registry is the reference registry with overrides (and the fused Conv) on top.
    @Test func cudaRegistryCoversTheReferenceOps() {
        let reference = Set(KernelRegistry.standard(.reference).keys)
        let cuda = Set(KernelRegistry.standard(.cuda).keys)
        #expect(cuda.isSuperset(of: reference))
        #expect(cuda.subtracting(reference) == ["\(FastFusion.domain)::FusedConv"])
        let overridden = Set(CUDAKernels.group.map(\.0))
        #expect(overridden.isSuperset(of: ["MatMul", "Gemm", "Conv", "Add", "Relu", "Softmax", "LayerNormalization", "BatchNormalization",
                                           "MaxPool", "AveragePool", "GlobalAveragePool", "Transpose", "ReduceMean"]))
        #expect(overridden.isSubset(of: Set(reference.map { String($0.dropFirst(2)) })))
    }

    /// Without a usable GPU the backend is unavailable with a reason, and running on it says so.
    @Test func unavailableBackendReportsWhy() throws {
        let probe = CUDAAvailability.probe
        guard !probe.available else { return }  // a machine with a GPU: nothing to check here
        let reason = try #require(Backend.cuda.unavailableReason)
        print("cuda backend here: \(probe)")
        #expect(!reason.isEmpty)
        if dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL) == nil {
            #expect(reason.contains("libcuda.so.1"), "\(reason)")
        }
        #expect(!Backend.available.contains(.cuda))
        #expect(Backend.available.starts(with: Backend.cpuBackends))
        let model = Model(
            graph: Graph(
                name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [2])], outputs: [Value(name: "y", dtype: .float32)],
                nodes: [Node(name: "r", op: "Relu", inputs: ["x"], outputs: ["y"])]),
            opsetImports: ["": 21])
        #expect {
            _ = try Interpreter(model: model, backend: .cuda).run(tensors: ["x": NDArray([-1, 2] as [Float], shape: [2])])
        } throws: { error in
            (error as? InterpreterError)?.code == .unsupported && "\(error)".contains(reason)
        }
    }
}
