// Runs a GraphIR model on given inputs, node by node, with one kernel per op.
//
// Values live in scopes: a graph's scope sees its enclosing graphs' values (ONNX subgraph
// semantics); a function body's scope sees only its own inputs. Each value is dropped after
// its last reader, so memory follows the live set, and the live set is held to
// `InterpreterLimits.maxLiveBytes`.

import Dispatch
import GraphIR

/// Values by name, with the enclosing scope behind.
final class Scope: @unchecked Sendable {
    private var values: [String: RuntimeValue] = [:]
    let parent: Scope?
    /// Bytes held by this scope's values (not its parents').
    private(set) var liveBytes = 0
    /// Bytes held by this scope and all its parents.
    var totalLiveBytes: Int { liveBytes &+ (parent?.totalLiveBytes ?? 0) }

    /// When the run must stop (`DispatchTime` uptime nanoseconds), shared by every scope of one run.
    let deadline: UInt64?

    init(parent: Scope?) {
        self.parent = parent
        deadline = parent?.deadline
    }

    init(deadline: UInt64?) {
        parent = nil
        self.deadline = deadline
    }

    func lookup(_ name: String) -> RuntimeValue? {
        if let value = values[name] { return value }
        return parent?.lookup(name)
    }

    func contains(_ name: String) -> Bool { values[name] != nil || (parent?.contains(name) ?? false) }

    func set(_ name: String, _ value: RuntimeValue) {
        if let old = values[name] { liveBytes &-= old.approximateBytes }
        values[name] = value
        liveBytes &+= value.approximateBytes
    }

    func remove(_ name: String) {
        if let old = values.removeValue(forKey: name) { liveBytes &-= old.approximateBytes }
    }
}

/// Runs a model on a backend.
public struct Interpreter: Sendable {
    public let model: Model
    /// What runs: `model`, after the backend's graph rewrites (the fast and cuda backends' fusions).
    let runModel: Model
    public let backend: Backend
    public let limits: InterpreterLimits
    let registry: KernelRegistry
    let opsets: [String: Int]
    let functions: [String: Function]
    /// The main graph's initializers as arrays, converted once: every `run` reuses them
    /// (arrays are copy-on-write, so runs share the elements).
    let mainInitializers: [String: Result<NDArray, InterpreterError>]
    /// The cuda backend's float32 main-graph initializers, uploaded by the first kernel that
    /// reads each and kept on the device for every later run.
    let deviceInitializers: [String: DeviceTensor]
    /// Where the main graph's node timings go, when asked for.
    public var profile: RunProfile?

    /// An interpreter for `model`; `registry` overrides the backend's standard kernels (tests).
    public init(
        model: Model, backend: Backend = .reference, limits: InterpreterLimits = .default,
        registry: KernelRegistry? = nil
    ) {
        self.model = model
        self.backend = backend
        self.limits = limits
        self.registry = registry ?? KernelRegistry.standard(backend)
        _ = MemoryTuning.applied
        // The fast and cuda backends run the same graph rewrites (BatchNormalization folded into
        // Conv; Relu, Clip and a residual Add fused into it); an explicit registry (tests) gets
        // the graph as given.
        let runModel = (backend == .fast || backend == .cuda) && registry == nil ? FastFusion.apply(model, residual: true, clip: true) : model
        self.runModel = runModel
        var opsets: [String: Int] = [:]
        for (domain, version) in runModel.opsetImports { opsets[domain == "ai.onnx" ? "" : domain] = version }
        self.opsets = opsets
        var functions: [String: Function] = [:]
        for function in runModel.functions { functions[KernelRegistry.key(function.name, function.domain)] = function }
        self.functions = functions
        var converted: [String: Result<NDArray, InterpreterError>] = [:]
        for initializer in runModel.graph.initializers {
            converted[initializer.name] = Result { () throws(InterpreterError) in try NDArray(initializer) }
        }
        self.mainInitializers = converted
        var resident: [String: DeviceTensor] = [:]
        if backend == .cuda {
            for case (let name, .success(let array)) in converted { resident[name] = DeviceTensor.resident(array) }
        }
        self.deviceInitializers = resident
    }

    /// Runs the main graph. `inputs` must give every graph input that has no initializer;
    /// an input that shares its name with an initializer overrides it.
    /// - Returns: the graph outputs, in order.
    public func run(_ inputs: [String: RuntimeValue]) throws(InterpreterError) -> [(name: String, value: RuntimeValue)] {
        if let reason = backend.unavailableReason {
            throw InterpreterError(.unsupported, "the \(backend.rawValue) backend is unavailable: \(reason)")
        }
        let graph = runModel.graph
        let scope = Scope(deadline: limits.maxSeconds.map { seconds in
            // No time at all (zero, negative, NaN) is a deadline already passed.
            guard seconds > 0 else { return 0 }
            let (end, overflow) = DispatchTime.now().uptimeNanoseconds.addingReportingOverflow(UInt64(min(seconds, 1e9) * 1e9))
            return overflow ? UInt64.max : end
        })
        let initializerNames = Set(graph.initializers.map(\.name))
        for input in graph.inputs {
            if let given = inputs[input.name] {
                try checkInput(given, against: input)
                if backend == .cuda, case .tensor(let array) = given, let tensor = DeviceTensor.resident(array) {
                    scope.set(input.name, .device(tensor))  // uploaded once, however many kernels read it
                } else {
                    scope.set(input.name, given)
                }
            } else if !initializerNames.contains(input.name) {
                throw InterpreterError(.missingInput, "graph input '\(input.name)' was not given", graph: "main")
            }
        }
        for name in inputs.keys where !graph.inputs.contains(where: { $0.name == name }) {
            throw InterpreterError(.missingInput, "'\(name)' is not an input of the graph", graph: "main")
        }
        let outputs = try execute(
            graph, scope: scope, label: "main", opsets: opsets, depth: 0, skipGiven: true, cached: mainInitializers,
            resident: deviceInitializers)
        return zip(graph.outputs, outputs).map { (name: $0.0.name, value: $0.1) }
    }

    /// `run` for tensor inputs and outputs.
    public func run(tensors inputs: [String: NDArray]) throws(InterpreterError) -> [(name: String, value: NDArray)] {
        var values: [String: RuntimeValue] = [:]
        for (name, array) in inputs { values[name] = .tensor(array) }
        var out: [(name: String, value: NDArray)] = []
        for (name, value) in try run(values) {
            guard case .tensor(let array) = value else {
                throw InterpreterError(.unsupported, "output '\(name)' is \(value.summary), not a tensor", graph: "main")
            }
            out.append((name, array))
        }
        return out
    }

    func checkInput(_ value: RuntimeValue, against declared: Value) throws(InterpreterError) {
        guard case .tensor(let array) = value, declared.type.container == .tensor else { return }
        if let dtype = declared.dtype, dtype != array.dtype {
            throw InterpreterError(
                .missingInput, "input '\(declared.name)' is \(array.dtype), the graph declares \(dtype)", graph: "main")
        }
        if let shape = declared.shape {
            guard shape.rank == array.rank else {
                throw InterpreterError(
                    .missingInput, "input '\(declared.name)' has shape \(array.shape), the graph declares \(shape)",
                    graph: "main")
            }
            for (dimension, size) in zip(shape.dimensions, array.shape) {
                if let fixed = dimension.value, fixed != size {
                    throw InterpreterError(
                        .missingInput, "input '\(declared.name)' has shape \(array.shape), the graph declares \(shape)",
                        graph: "main")
                }
            }
        }
    }

    // MARK: Graphs

    func execute(
        _ graph: Graph, scope: Scope, label: String, opsets: [String: Int], depth: Int, skipGiven: Bool = false,
        cached: [String: Result<NDArray, InterpreterError>] = [:], resident: [String: DeviceTensor] = [:]
    ) throws(InterpreterError) -> [RuntimeValue] {
        guard depth <= limits.maxDepth else {
            throw InterpreterError(.limitExceeded, "subgraphs and function calls nest deeper than \(limits.maxDepth)", graph: label)
        }
        for initializer in graph.initializers {
            if skipGiven && scope.contains(initializer.name) { continue }
            if let tensor = resident[initializer.name] {
                scope.set(initializer.name, .device(tensor))
                continue
            }
            do {
                let array = try (cached[initializer.name] ?? Result { () throws(InterpreterError) in try NDArray(initializer) }).get()
                scope.set(initializer.name, .tensor(array))
            } catch {
                throw InterpreterError(error.code, "initializer '\(initializer.name)': \(error.message)", graph: label)
            }
        }
        try checkMemory(scope, label)
        let lastUse = Self.lastUses(graph)
        let keep = Set(graph.outputs.map(\.name))
        for (index, node) in graph.nodes.enumerated() {
            var inputs: [RuntimeValue?] = []
            inputs.reserveCapacity(node.inputs.count)
            for name in node.inputs {
                if name.isEmpty {
                    inputs.append(nil)
                    continue
                }
                guard let value = scope.lookup(name) else {
                    let later = graph.nodes[index...].contains { $0.outputs.contains(name) }
                    throw InterpreterError(
                        .invalidGraph,
                        later
                            ? "input '\(name)' is produced by this node or a later one: the graph has a cycle or is not in topological order"
                            : "input '\(name)' is not defined by any graph input, initializer or earlier node",
                        graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
                }
                inputs.append(value)
            }
            if let deadline = scope.deadline, DispatchTime.now().uptimeNanoseconds > deadline {
                throw InterpreterError(
                    .limitExceeded, "the run passed its time limit of \(limits.maxSeconds ?? 0) s before this node",
                    graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
            }
            let timed = depth == 0 ? profile : nil
            let started = timed == nil ? 0 : DispatchTime.now().uptimeNanoseconds
            let outputs = try runNode(node, index: index, inputs: inputs, scope: scope, label: label, opsets: opsets, depth: depth)
            if let timed {
                // The cuda backend's kernels only queue work: wait for it so the node's time is its own.
                if backend == .cuda { try CUDASupport.synchronize(label: label, index: index, node: node) }
                timed.record(index: index, op: node.op, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
            for (position, name) in node.outputs.enumerated() where !name.isEmpty {
                guard position < outputs.count else {
                    throw InterpreterError(
                        .unsupported, "output \(position) ('\(name)') is not produced by this kernel",
                        graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
                }
                let produced: Int
                switch outputs[position] {
                case .tensor(let array): produced = array.count
                case .device(let tensor): produced = tensor.count
                default: produced = 0
                }
                if produced > limits.maxElements {
                    throw InterpreterError(
                        .limitExceeded, "output '\(name)' has \(produced) elements, over the limit",
                        graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
                }
                scope.set(name, outputs[position])
            }
            for name in node.inputs where !name.isEmpty && lastUse[name] == index && !keep.contains(name) {
                scope.remove(name)
            }
            try checkMemory(scope, label, index: index, node: node)
        }
        var results: [RuntimeValue] = []
        for output in graph.outputs {
            guard let value = scope.lookup(output.name) else {
                throw InterpreterError(.invalidGraph, "graph output '\(output.name)' is never defined", graph: label)
            }
            // Graphs hand back host values: callers, and the kernels that run subgraphs, see no device tensor.
            do throws(CUDAError) {
                results.append(try value.materialized())
            } catch {
                throw InterpreterError(.device, "CUDA: output '\(output.name)': \(error)", graph: label)
            }
        }
        return results
    }

    func checkMemory(_ scope: Scope, _ label: String, index: Int? = nil, node: Node? = nil) throws(InterpreterError) {
        let live = scope.totalLiveBytes
        guard live <= limits.maxLiveBytes else {
            throw InterpreterError(
                .limitExceeded, "live values take \(live) bytes, over the limit of \(limits.maxLiveBytes)",
                graph: label, nodeIndex: index, nodeName: node?.name, op: node?.op)
        }
    }

    /// The index of the last node that reads each name, counting reads from inside subgraphs
    /// as reads by the node that owns the subgraph.
    static func lastUses(_ graph: Graph) -> [String: Int] {
        var last: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for name in node.inputs where !name.isEmpty { last[name] = index }
            for attribute in node.attributes {
                for subgraph in attribute.value.subgraphs {
                    for name in Self.namesRead(subgraph) { last[name] = index }
                }
            }
        }
        return last
    }

    static func namesRead(_ graph: Graph) -> Set<String> {
        var names = Set<String>()
        for node in graph.nodes {
            names.formUnion(node.inputs.filter { !$0.isEmpty })
            for attribute in node.attributes {
                for subgraph in attribute.value.subgraphs { names.formUnion(namesRead(subgraph)) }
            }
        }
        names.formUnion(graph.outputs.map(\.name))
        return names
    }

    // MARK: Nodes

    func runNode(
        _ node: Node, index: Int, inputs: [RuntimeValue?], scope: Scope, label: String, opsets: [String: Int], depth: Int
    ) throws(InterpreterError) -> [RuntimeValue] {
        let domain = node.domain == "ai.onnx" ? "" : node.domain
        if let function = functions[KernelRegistry.key(node.op, domain)] {
            return try call(function, node: node, index: index, inputs: inputs, label: label, depth: depth, deadline: scope.deadline)
        }
        guard let kernel = registry.kernel(node.op, domain: domain) else {
            throw InterpreterError(
                .unsupportedOp,
                "no \(backend.rawValue) kernel for op '\(node.op)'\(domain.isEmpty ? "" : " in domain '\(domain)'")",
                graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
        }
        let runner = SubgraphRunner { [self] (graph: Graph, values: [RuntimeValue], subLabel: String) throws(InterpreterError) -> [RuntimeValue] in
            let inner = Scope(parent: scope)
            guard values.count == graph.inputs.count else {
                throw InterpreterError(
                    .invalidGraph, "subgraph takes \(graph.inputs.count) inputs, given \(values.count)", graph: subLabel)
            }
            for (input, value) in zip(graph.inputs, values) { inner.set(input.name, value) }
            return try self.execute(graph, scope: inner, label: subLabel, opsets: opsets, depth: depth + 1)
        }
        let call = KernelCall(
            node: node, inputs: inputs, opset: opsets[domain] ?? Self.defaultOpset(domain), backend: backend,
            limits: limits, location: (label, index), subgraphRunner: runner)
        do {
            return try kernel(call)
        } catch {
            var located = error
            if located.nodeIndex == nil {
                located.graph = label
                located.nodeIndex = index
                located.nodeName = node.name
                located.op = node.op
            }
            throw located
        }
    }

    static func defaultOpset(_ domain: String) -> Int { domain.isEmpty ? 21 : 1 }

    /// Runs a model-local function: its body in a fresh scope (functions see only their inputs),
    /// with the caller's attributes substituted for the body's attribute references.
    func call(
        _ function: Function, node: Node, index: Int, inputs: [RuntimeValue?], label: String, depth: Int, deadline: UInt64?
    ) throws(InterpreterError) -> [RuntimeValue] {
        let subLabel = "\(label)/\(function.name)"
        guard depth < limits.maxDepth else {
            throw InterpreterError(
                .limitExceeded, "function calls nest deeper than \(limits.maxDepth)", graph: label, nodeIndex: index,
                nodeName: node.name, op: node.op)
        }
        var body = function.body
        var attributes: [String: AttributeValue] = [:]
        for attribute in function.attributeDefaults { attributes[attribute.name] = attribute.value }
        for attribute in node.attributes { attributes[attribute.name] = attribute.value }
        body = Self.substitute(body, attributes)
        let scope = Scope(deadline: deadline)
        for (position, input) in body.inputs.enumerated() {
            if position < inputs.count, let value = inputs[position] { scope.set(input.name, value) }
        }
        var opsets = self.opsets
        for (domain, version) in function.opsetImports { opsets[domain == "ai.onnx" ? "" : domain] = version }
        return try execute(body, scope: scope, label: subLabel, opsets: opsets, depth: depth + 1)
    }

    static func substitute(_ graph: Graph, _ attributes: [String: AttributeValue]) -> Graph {
        var graph = graph
        for n in graph.nodes.indices {
            var kept: [Attribute] = []
            for var attribute in graph.nodes[n].attributes {
                if case .reference(let name, _) = attribute.value {
                    guard let value = attributes[name] else { continue }
                    attribute.value = value
                } else if case .graph(let g) = attribute.value {
                    attribute.value = .graph(substitute(g, attributes))
                } else if case .graphs(let gs) = attribute.value {
                    attribute.value = .graphs(gs.map { substitute($0, attributes) })
                }
                kept.append(attribute)
            }
            graph.nodes[n].attributes = kept
        }
        return graph
    }
}
