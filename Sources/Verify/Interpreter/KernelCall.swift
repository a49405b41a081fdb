import GraphIR

/// What a kernel gets: the node, its evaluated inputs, the opset in force, and a way to run
/// subgraphs (If, Loop, Scan) in the current scope.
public struct KernelCall: Sendable {
    public let node: Node
    /// One entry per node input; nil where the input name is empty (an omitted optional input).
    public let inputs: [RuntimeValue?]
    /// The opset version of the node's domain.
    public let opset: Int
    public let backend: Backend
    public let limits: InterpreterLimits
    let location: (graph: String, index: Int)
    let subgraphRunner: SubgraphRunner

    /// The same call as another op (attributes named in `dropping` removed) or on other inputs:
    /// how a fused kernel falls back to the kernels of the ops it fused.
    func rewritten(op: String? = nil, dropping: Set<String> = [], inputs: [RuntimeValue?]? = nil) -> KernelCall {
        var node = self.node
        if let op { node.op = op }
        if !dropping.isEmpty { node.attributes.removeAll { dropping.contains($0.name) } }
        if inputs != nil { node.inputs = node.inputs.prefix(1).map { $0 } }
        return KernelCall(
            node: node, inputs: inputs ?? self.inputs, opset: opset, backend: backend, limits: limits, location: location,
            subgraphRunner: subgraphRunner)
    }

    // MARK: Errors

    /// An error located at this node.
    public func error(_ code: InterpreterError.Code, _ message: String) -> InterpreterError {
        InterpreterError(
            code, message, graph: location.graph, nodeIndex: location.index, nodeName: node.name, op: node.op)
    }

    // MARK: Inputs

    /// The number of inputs given (trailing omitted ones included).
    public var inputCount: Int { inputs.count }

    /// Whether input `index` is present.
    public func has(_ index: Int) -> Bool { index < inputs.count && inputs[index] != nil }

    /// Input `index`, which must be a tensor.
    public func tensor(_ index: Int) throws(InterpreterError) -> NDArray {
        guard index < inputs.count, let value = inputs[index] else {
            throw error(.invalidInput, "input \(index) is required")
        }
        switch value {
        case .tensor(let array): return array
        case .device(let tensor): return try host(tensor)
        default: throw error(.invalidInput, "input \(index) must be a tensor, not \(value.summary)")
        }
    }

    /// A cuda backend tensor's elements on the host (downloaded once).
    func host(_ tensor: DeviceTensor) throws(InterpreterError) -> NDArray {
        do throws(CUDAError) {
            return try tensor.host()
        } catch {
            throw self.error(.device, "CUDA: \(error)")
        }
    }

    /// Input `index` as it is, device tensors included (the cuda backend's own kernels).
    func raw(_ index: Int) -> RuntimeValue? { index < inputs.count ? inputs[index] : nil }

    /// Input `index` when present.
    public func optionalTensor(_ index: Int) throws(InterpreterError) -> NDArray? {
        guard has(index) else { return nil }
        return try tensor(index)
    }

    /// Input `index` of any kind.
    public func value(_ index: Int) throws(InterpreterError) -> RuntimeValue {
        guard index < inputs.count, let value = inputs[index] else {
            throw error(.invalidInput, "input \(index) is required")
        }
        do throws(CUDAError) {
            return try value.materialized()
        } catch {
            throw self.error(.device, "CUDA: \(error)")
        }
    }

    /// Every tensor input from `index` on (variadic inputs).
    public func tensors(from index: Int = 0) throws(InterpreterError) -> [NDArray] {
        var out: [NDArray] = []
        var i = index
        while i < inputs.count {
            out.append(try tensor(i))
            i += 1
        }
        return out
    }

    // MARK: Attributes

    public func attribute(_ name: String) -> AttributeValue? { node.attribute(named: name) }

    public func int(_ name: String) throws(InterpreterError) -> Int? {
        guard let value = attribute(name) else { return nil }
        guard case .int(let v) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be an int") }
        guard let result = Int(exactly: v) else { throw error(.invalidAttribute, "attribute '\(name)' is out of range") }
        return result
    }

    public func int(_ name: String, default fallback: Int) throws(InterpreterError) -> Int {
        try int(name) ?? fallback
    }

    public func ints(_ name: String) throws(InterpreterError) -> [Int]? {
        guard let value = attribute(name) else { return nil }
        guard case .ints(let v) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be ints") }
        return v.map { Int(truncatingIfNeeded: $0) }
    }

    public func float(_ name: String) throws(InterpreterError) -> Float? {
        guard let value = attribute(name) else { return nil }
        switch value {
        case .float(let v): return v
        case .int(let v): return Float(v)
        default: throw error(.invalidAttribute, "attribute '\(name)' must be a float")
        }
    }

    public func float(_ name: String, default fallback: Float) throws(InterpreterError) -> Float {
        try float(name) ?? fallback
    }

    public func floats(_ name: String) throws(InterpreterError) -> [Float]? {
        guard let value = attribute(name) else { return nil }
        guard case .floats(let v) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be floats") }
        return v
    }

    public func string(_ name: String) throws(InterpreterError) -> String? {
        guard let value = attribute(name) else { return nil }
        guard case .string(let bytes) = value else {
            throw error(.invalidAttribute, "attribute '\(name)' must be a string")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func string(_ name: String, default fallback: String) throws(InterpreterError) -> String {
        try string(name) ?? fallback
    }

    public func strings(_ name: String) throws(InterpreterError) -> [String]? {
        guard let value = attribute(name) else { return nil }
        guard case .strings(let v) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be strings") }
        return v.map { String(decoding: $0, as: UTF8.self) }
    }

    public func graph(_ name: String) throws(InterpreterError) -> Graph {
        guard let value = attribute(name) else { throw error(.invalidAttribute, "attribute '\(name)' is required") }
        guard case .graph(let g) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be a graph") }
        return g
    }

    public func tensorAttribute(_ name: String) throws(InterpreterError) -> NDArray? {
        guard let value = attribute(name) else { return nil }
        guard case .tensor(let t) = value else { throw error(.invalidAttribute, "attribute '\(name)' must be a tensor") }
        do {
            return try NDArray(t)
        } catch {
            throw self.error(.invalidAttribute, "attribute '\(name)': \(error.message)")
        }
    }

    // MARK: Shapes and limits

    /// The element count of `shape`, checked against negative sizes, overflow and the element limit.
    /// Kernels call this before allocating an output whose size comes from data or attributes.
    @discardableResult
    public func checkedCount(_ shape: [Int]) throws(InterpreterError) -> Int {
        let count: Int
        do {
            count = try Shape.elementCount(of: shape)
        } catch {
            throw self.error(.invalidInput, "output shape \(shape): \(error.message)")
        }
        guard count <= limits.maxElements else {
            throw self.error(
                .limitExceeded, "output shape \(shape) has \(count) elements, over the limit of \(limits.maxElements)")
        }
        // An empty tensor may still name a huge axis ([0, 2⁶²]); kernels walk axes one by one,
        // so no axis may be longer than a tensor may be.
        if let size = shape.first(where: { $0 > limits.maxElements }) {
            throw self.error(
                .limitExceeded, "output shape \(shape) has an axis of \(size), over the limit of \(limits.maxElements) elements")
        }
        return count
    }

    /// Normalises a possibly negative `axis` for `rank`, checking its range.
    public func axis(_ axis: Int, rank: Int) throws(InterpreterError) -> Int {
        let normalised = axis < 0 ? axis + rank : axis
        guard normalised >= 0, normalised < max(rank, 1) else {
            throw error(.invalidAttribute, "axis \(axis) is out of range for rank \(rank)")
        }
        return normalised
    }

    // MARK: Subgraphs

    /// Runs `graph` with `inputs` bound to its inputs (by position), in a scope that sees the
    /// values of the graph this node belongs to; returns the graph's outputs in order.
    public func run(_ graph: Graph, inputs: [RuntimeValue], label: String) throws(InterpreterError) -> [RuntimeValue] {
        try subgraphRunner.run(graph, inputs, "\(location.graph)/\(node.name.isEmpty ? node.op : node.name).\(label)")
    }
}

/// Runs a subgraph inside the scope of the node that owns it.
struct SubgraphRunner: Sendable {
    let body: @Sendable (Graph, [RuntimeValue], String) throws(InterpreterError) -> [RuntimeValue]
    func run(_ graph: Graph, _ inputs: [RuntimeValue], _ label: String) throws(InterpreterError) -> [RuntimeValue] {
        try body(graph, inputs, label)
    }
}

/// A kernel: computes a node's outputs from a `KernelCall`. It may return fewer values than the
/// node names (optional trailing outputs); the interpreter refuses a named output left unset.
public typealias Kernel = @Sendable (KernelCall) throws(InterpreterError) -> [RuntimeValue]

/// The kernels of a backend, by op and domain.
public struct KernelRegistry: Sendable {
    private var table: [String: Kernel] = [:]

    public init() {}

    static func key(_ op: String, _ domain: String) -> String {
        let d = domain == "ai.onnx" ? "" : domain
        return "\(d)::\(op)"
    }

    public mutating func register(_ op: String, domain: String = "", _ kernel: @escaping Kernel) {
        table[Self.key(op, domain)] = kernel
    }

    public mutating func register(_ entries: [(String, Kernel)], domain: String = "") {
        for (op, kernel) in entries { register(op, domain: domain, kernel) }
    }

    public func kernel(_ op: String, domain: String) -> Kernel? { table[Self.key(op, domain)] }

    /// The ops registered (as `domain::op`), sorted.
    public var keys: [String] { table.keys.sorted() }

    /// The kernels of `backend`: the reference set, with the fast or the cuda backend's
    /// overrides on top (each override falls back to the reference kernel for what it does not handle).
    public static func standard(_ backend: Backend) -> KernelRegistry {
        switch backend {
        case .reference: return reference
        case .fast: return fast
        case .cuda: return cuda
        }
    }

    static let reference: KernelRegistry = {
        var registry = KernelRegistry()
        for group in KernelGroups.reference { registry.register(group) }
        for (domain, group) in KernelGroups.referenceDomains { registry.register(group, domain: domain) }
        return registry
    }()

    static let fast: KernelRegistry = {
        var registry = reference
        for group in KernelGroups.fast { registry.register(group) }
        registry.register("FusedConv", domain: FastFusion.domain, FastKernels.fusedConv)
        return registry
    }()

    static let cuda: KernelRegistry = {
        var registry = reference
        registry.register(CUDAKernels.group)
        registry.register("FusedConv", domain: FastFusion.domain, CUDAKernels.fusedConv)
        return registry
    }()
}
