// Validation is kept apart from parsing (as the onnx checker is): readers build whatever the
// file says, and these rules say whether it is a well-formed computation.
//
// Scoping follows ONNX: a graph input or initializer may reuse a name of an enclosing graph
// (subgraph inputs are the subgraph's own), but a node output may not reuse any visible name,
// so each value has exactly one definition wherever it can be read.

extension Graph {
    /// How deep attribute subgraphs may nest below the validated graph unless told otherwise.
    public static let defaultMaxSubgraphDepth = 64

    /// Every rule the graph breaks, in the order they are found (graph inputs, initializers,
    /// then node by node, then graph outputs; a node's subgraphs are checked where the node is).
    ///
    /// Rules: value names are defined once across graph inputs, initializers and node outputs
    /// (empty node output names are ignored; an initializer may share a graph input's name, as
    /// its default value); each node input is defined before the node, in this graph or an
    /// enclosing one; graph outputs are defined; ops and graph input/output/initializer names
    /// are not empty; attribute names are unique per node; tensors hold elements × width bytes;
    /// no dimension is negative; subgraphs nest at most `maxSubgraphDepth` deep.
    ///
    /// - Parameter outerScope: names defined by enclosing graphs, for validating a subgraph on
    ///   its own.
    public func validationErrors(
        outerScope: Set<String> = [], maxSubgraphDepth: Int = Graph.defaultMaxSubgraphDepth
    ) -> [GraphError] {
        var validator = GraphValidator(stopAtFirst: false, maxDepth: maxSubgraphDepth, outerScope: outerScope)
        validator.check(self, depth: 0, enclosing: nil)
        return validator.errors
    }

    /// Throws the first error `validationErrors` would report.
    public func validate(
        outerScope: Set<String> = [], maxSubgraphDepth: Int = Graph.defaultMaxSubgraphDepth
    ) throws(GraphError) {
        var validator = GraphValidator(stopAtFirst: true, maxDepth: maxSubgraphDepth, outerScope: outerScope)
        validator.check(self, depth: 0, enclosing: nil)
        if let first = validator.errors.first { throw first }
    }
}

/// Walks a graph and its subgraphs once, keeping a stack of the names visible at each point.
struct GraphValidator {
    let stopAtFirst: Bool
    let maxDepth: Int
    private(set) var errors: [GraphError] = []
    /// Names visible from outside the validated graph, then one set per graph being walked,
    /// innermost last; each holds the names defined so far in that graph.
    private var scopes: [Set<String>]

    init(stopAtFirst: Bool, maxDepth: Int, outerScope: Set<String>) {
        self.stopAtFirst = stopAtFirst
        self.maxDepth = max(0, maxDepth)
        self.scopes = outerScope.isEmpty ? [] : [outerScope]
    }

    var isDone: Bool { stopAtFirst && !errors.isEmpty }

    private func isVisible(_ name: String) -> Bool {
        scopes.contains { $0.contains(name) }
    }

    mutating func report(_ error: GraphError) {
        if !isDone { errors.append(error) }
    }

    /// Where a graph-level error is.
    private struct Place {
        var graph: String
        var enclosing: String?
        var nodeIndex: Int?
        var node: Node?

        func error(_ code: GraphError.Code, field: String?, _ message: String) -> GraphError {
            GraphError(
                code, graph: graph, enclosing: enclosing, nodeIndex: nodeIndex, nodeName: node?.name,
                op: node?.op, field: field, message: message)
        }

        /// Adds the location to an error thrown by a tensor check.
        func locate(_ error: GraphError, field: String) -> GraphError {
            var located = self.error(error.code, field: field, error.message)
            located.message = "\(field): \(error.message)"
            return located
        }

        /// The rendered location, used as the `enclosing` of subgraphs.
        var description: String {
            self.error(.emptyName, field: nil, "").location
        }
    }

    /// Checks a function's attribute defaults as if they were the attributes of a call.
    mutating func checkAttributeDefaults(of function: Function) {
        checkAttributes(function.attributeDefaults, depth: 0, at: Place(graph: function.name, enclosing: nil))
    }

    mutating func check(_ graph: Graph, depth: Int, enclosing: String?) {
        let here = Place(graph: graph.name, enclosing: enclosing)
        scopes.append([])
        defer { scopes.removeLast() }
        let current = scopes.count - 1

        var inputNames = Set<String>()
        for (index, input) in graph.inputs.enumerated() {
            let field = "input[\(index)]"
            if input.name.isEmpty {
                report(here.error(.emptyName, field: field, "graph input \(index) has no name"))
            } else if !inputNames.insert(input.name).inserted {
                report(here.error(.duplicateDefinition, field: field, "graph input '\(input.name)' is defined more than once"))
            }
            checkShape(input, field: field, role: "graph input", at: here)
            scopes[current].insert(input.name)
        }

        var initializerNames = Set<String>()
        func defineInitializer(_ name: String, field: String, kind: String, validator: inout GraphValidator) {
            if name.isEmpty {
                validator.report(here.error(.emptyName, field: field, "\(kind) has no name"))
            } else if !initializerNames.insert(name).inserted {
                validator.report(here.error(.duplicateDefinition, field: field, "\(kind) '\(name)' is defined more than once"))
            }
            // A name shared with a graph input is that input's default value, not a redefinition.
            validator.scopes[current].insert(name)
        }
        for (index, tensor) in graph.initializers.enumerated() {
            let field = "initializer[\(index)] '\(tensor.name)'"
            defineInitializer(tensor.name, field: field, kind: "initializer", validator: &self)
            do throws(GraphError) {
                try tensor.validate()
            } catch {
                report(here.locate(error, field: field))
            }
        }
        for (index, sparse) in graph.sparseInitializers.enumerated() {
            let field = "sparseInitializer[\(index)] '\(sparse.name)'"
            defineInitializer(sparse.name, field: field, kind: "sparse initializer", validator: &self)
            do throws(GraphError) {
                try sparse.validate()
            } catch {
                report(here.locate(error, field: field))
            }
        }
        for (index, value) in graph.valueInfo.enumerated() {
            checkShape(value, field: "valueInfo[\(index)]", role: "value info", at: here)
        }

        // Built only when an input is missing, to tell "later" from "never".
        var definingNode: [String: Int]?
        for (nodeIndex, node) in graph.nodes.enumerated() {
            if isDone { return }
            let place = Place(graph: graph.name, enclosing: enclosing, nodeIndex: nodeIndex, node: node)
            if node.op.isEmpty {
                report(place.error(.emptyName, field: "op", "node has no op"))
            }
            for (index, input) in node.inputs.enumerated() where !input.isEmpty && !isVisible(input) {
                let definitions = definingNode ?? Self.definitions(in: graph)
                definingNode = definitions
                if let later = definitions[input], later >= nodeIndex {
                    report(place.error(.undefinedInput, field: "input[\(index)]", "input '\(input)' is used before it is defined (by node[\(later)])"))
                } else {
                    report(place.error(.undefinedInput, field: "input[\(index)]", "input '\(input)' is not defined"))
                }
            }
            checkAttributes(node.attributes, depth: depth, at: place)
            for (index, output) in node.outputs.enumerated() where !output.isEmpty {
                if isVisible(output) {
                    let scope = scopes[current].contains(output) ? "" : " in an enclosing graph"
                    report(place.error(.duplicateDefinition, field: "output[\(index)]", "output '\(output)' is already defined\(scope)"))
                }
                scopes[current].insert(output)
            }
        }

        for (index, output) in graph.outputs.enumerated() {
            let field = "output[\(index)]"
            if output.name.isEmpty {
                report(here.error(.emptyName, field: field, "graph output \(index) has no name"))
            } else if !isVisible(output.name) {
                report(here.error(.undefinedOutput, field: field, "graph output '\(output.name)' is not defined"))
            }
            checkShape(output, field: field, role: "graph output", at: here)
        }
    }

    /// Checks attribute names, tensor payloads and subgraphs of a node (or of a function's
    /// attribute defaults).
    private mutating func checkAttributes(_ attributes: [Attribute], depth: Int, at place: Place) {
        var names = Set<String>()
        for attribute in attributes {
            if isDone { return }
            let field = "attribute '\(attribute.name)'"
            if attribute.name.isEmpty {
                report(place.error(.emptyName, field: field, "attribute has no name"))
            } else if !names.insert(attribute.name).inserted {
                report(place.error(.duplicateAttribute, field: field, "attribute '\(attribute.name)' is given more than once"))
            }
            switch attribute.value {
            case .tensor(let tensor):
                checkTensors([tensor], field: field, list: false, at: place)
            case .tensors(let tensors):
                checkTensors(tensors, field: field, list: true, at: place)
            case .sparseTensor(let sparse):
                checkSparseTensors([sparse], field: field, list: false, at: place)
            case .sparseTensors(let sparse):
                checkSparseTensors(sparse, field: field, list: true, at: place)
            case .graph(let subgraph):
                checkSubgraphs([subgraph], field: field, list: false, depth: depth, at: place)
            case .graphs(let subgraphs):
                checkSubgraphs(subgraphs, field: field, list: true, depth: depth, at: place)
            case .type(let type):
                checkShape(type.shape, field: field, subject: field, at: place)
            case .types(let types):
                for (index, type) in types.enumerated() {
                    checkShape(type.shape, field: "\(field)[\(index)]", subject: "\(field)[\(index)]", at: place)
                }
            case .int, .float, .string, .ints, .floats, .strings, .reference:
                break
            }
        }
    }

    private mutating func checkTensors(_ tensors: [Tensor], field: String, list: Bool, at place: Place) {
        for (index, tensor) in tensors.enumerated() {
            do throws(GraphError) {
                try tensor.validate()
            } catch {
                report(place.locate(error, field: list ? "\(field)[\(index)]" : field))
            }
        }
    }

    private mutating func checkSparseTensors(_ tensors: [SparseTensor], field: String, list: Bool, at place: Place) {
        for (index, tensor) in tensors.enumerated() {
            do throws(GraphError) {
                try tensor.validate()
            } catch {
                report(place.locate(error, field: list ? "\(field)[\(index)]" : field))
            }
        }
    }

    private mutating func checkSubgraphs(
        _ subgraphs: [Graph], field: String, list: Bool, depth: Int, at place: Place
    ) {
        for (index, subgraph) in subgraphs.enumerated() {
            if isDone { return }
            let subfield = list ? "\(field)[\(index)]" : field
            guard depth < maxDepth else {
                report(place.error(.recursionTooDeep, field: subfield, "\(subfield): subgraphs nest deeper than \(maxDepth) levels"))
                return
            }
            check(subgraph, depth: depth + 1, enclosing: "\(place.description): \(subfield)")
        }
    }

    private mutating func checkShape(_ value: Value, field: String, role: String, at place: Place) {
        checkShape(value.shape, field: field, subject: "\(role) '\(value.name)'", at: place)
    }

    private mutating func checkShape(_ shape: Shape?, field: String, subject: String, at place: Place) {
        guard let shape else { return }
        for case .fixed(let size) in shape.dimensions where size < 0 {
            report(place.error(.badShape, field: field, "\(subject) has negative dimension \(size) in \(shape)"))
            return
        }
    }

    /// The first node that defines each name.
    private static func definitions(in graph: Graph) -> [String: Int] {
        var result: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for output in node.outputs where !output.isEmpty && result[output] == nil {
                result[output] = index
            }
        }
        return result
    }
}
