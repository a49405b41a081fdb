/// Why the interpreter could not run a model. Carries the node when there is one.
public struct InterpreterError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// No kernel for the op (and domain) in this backend.
        case unsupportedOp = "unsupported-op"
        /// The kernel does not handle this element type (or attribute combination).
        case unsupported = "unsupported"
        /// An input has the wrong type, rank or shape for the op, or a required one is missing.
        case invalidInput = "invalid-input"
        /// An attribute is missing, of the wrong kind, or out of range.
        case invalidAttribute = "invalid-attribute"
        /// A graph input was not supplied, or a supplied one does not match the declared type.
        case missingInput = "missing-input"
        /// The graph reads a value no earlier node defines (a cycle or a dangling name).
        case invalidGraph = "invalid-graph"
        /// A configured limit (memory, loop iterations, nesting) would be exceeded.
        case limitExceeded = "limit-exceeded"
        /// The accelerator failed while running the kernel (a CUDA, NVRTC or cuBLAS error).
        case device = "device-error"
    }

    public var code: Code
    public var message: String
    /// The graph the node belongs to (`main`, or a subgraph path such as `main/If_0.then_branch`).
    public var graph: String?
    public var nodeIndex: Int?
    public var nodeName: String?
    public var op: String?

    public init(
        _ code: Code, _ message: String, graph: String? = nil, nodeIndex: Int? = nil, nodeName: String? = nil,
        op: String? = nil
    ) {
        self.code = code
        self.message = message
        self.graph = graph
        self.nodeIndex = nodeIndex
        self.nodeName = nodeName
        self.op = op
    }

    public var description: String {
        var location: [String] = []
        if let graph { location.append(graph) }
        if let nodeIndex { location.append("node[\(nodeIndex)]") }
        if let nodeName, !nodeName.isEmpty { location.append("'\(nodeName)'") }
        if let op { location.append("(\(op))") }
        let prefix = location.isEmpty ? "" : location.joined(separator: " ") + ": "
        return "\(prefix)\(code.rawValue): \(message)"
    }
}

/// Bounds the interpreter enforces so that a hostile model is refused instead of exhausting the
/// machine.
public struct InterpreterLimits: Sendable, Equatable {
    /// The most elements any one tensor may have.
    public var maxElements: Int
    /// The most bytes all live values together may take.
    public var maxLiveBytes: Int
    /// The most iterations one Loop or Scan may run.
    public var maxLoopIterations: Int
    /// The deepest nesting of subgraphs and function calls.
    public var maxDepth: Int
    /// The longest one `run` may take, in seconds; checked before each node (of every graph and
    /// subgraph), so a run ends within one node's time of it. Nil: no limit.
    public var maxSeconds: Double?

    public init(
        maxElements: Int = 1 << 30, maxLiveBytes: Int = 8 << 30, maxLoopIterations: Int = 1_000_000, maxDepth: Int = 64,
        maxSeconds: Double? = nil
    ) {
        self.maxElements = maxElements
        self.maxLiveBytes = maxLiveBytes
        self.maxLoopIterations = maxLoopIterations
        self.maxDepth = maxDepth
        self.maxSeconds = maxSeconds
    }

    public static let `default` = InterpreterLimits()
}

/// Which set of kernels runs the model.
public enum Backend: String, Sendable, Equatable, CaseIterable {
    /// Plain loops with double accumulation: slow, simple, the oracle.
    case reference
    /// OpenBLAS GEMM for MatMul/Gemm/Conv, vectorised and threaded elementwise; falls back to
    /// the reference kernel for every op it does not override.
    case fast
    /// NVIDIA GPUs: the CUDA driver, NVRTC and cuBLAS loaded at run time, our kernels compiled for
    /// the device; float32 overrides like the fast backend's, the reference kernel for the rest.
    /// Where no usable device or library exists, running on it is an error that says why
    /// (`CUDAAvailability.probe`).
    case cuda

    /// The CPU backends, which are always available.
    public static let cpuBackends: [Backend] = [.reference, .fast]

    /// Every backend that can run here: the CPU backends, and cuda where it is available.
    public static var available: [Backend] { allCases.filter { $0.unavailableReason == nil } }

    /// Whether this backend can run here; when not, why.
    public var unavailableReason: String? {
        switch self {
        case .reference, .fast: return nil
        case .cuda:
            if CUDASupport.emulator != nil { return nil }  // a test's host emulation of the GPU
            return CUDAAvailability.probe.available ? nil : CUDAAvailability.probe.reason
        }
    }
}
