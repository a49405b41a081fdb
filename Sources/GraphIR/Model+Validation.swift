extension Model {
    /// Every rule the model breaks: those of the main graph, then for each function a repeated
    /// domain/name/overload, its attribute defaults and its body (each body is its own
    /// top-level scope: a function sees only its inputs). See `Graph.validationErrors`.
    public func validationErrors(maxSubgraphDepth: Int = Graph.defaultMaxSubgraphDepth) -> [GraphError] {
        collectErrors(stopAtFirst: false, maxSubgraphDepth: maxSubgraphDepth)
    }

    /// Throws the first error `validationErrors` would report.
    public func validate(maxSubgraphDepth: Int = Graph.defaultMaxSubgraphDepth) throws(GraphError) {
        if let first = collectErrors(stopAtFirst: true, maxSubgraphDepth: maxSubgraphDepth).first {
            throw first
        }
    }

    private func collectErrors(stopAtFirst: Bool, maxSubgraphDepth: Int) -> [GraphError] {
        var validator = GraphValidator(stopAtFirst: stopAtFirst, maxDepth: maxSubgraphDepth, outerScope: [])
        validator.check(graph, depth: 0, enclosing: nil)
        var seen = Set<FunctionKey>()
        for (index, function) in functions.enumerated() {
            if validator.isDone { break }
            let key = FunctionKey(domain: function.domain, name: function.name, overload: function.overload)
            let field = "function[\(index)]"
            if function.name.isEmpty {
                validator.report(GraphError(.emptyName, field: field, message: "function \(index) has no name"))
            } else if !seen.insert(key).inserted {
                validator.report(
                    GraphError(
                        .duplicateDefinition, graph: function.name, field: field,
                        message: "function '\(key)' is defined more than once"))
            }
            validator.checkAttributeDefaults(of: function)
            validator.check(function.body, depth: 0, enclosing: nil)
        }
        return validator.errors
    }
}

/// What a node call names a function by.
private struct FunctionKey: Hashable, CustomStringConvertible {
    var domain: String
    var name: String
    var overload: String

    var description: String {
        let qualified = domain.isEmpty ? name : "\(domain).\(name)"
        return overload.isEmpty ? qualified : "\(qualified):\(overload)"
    }
}
