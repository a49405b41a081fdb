import Foundation

/// Puts a hollowed `TensorDef.data` payload back into the decoded model by its wire path.
///
/// A wire path says "the k-th occurrence of field n"; for map fields (`attr`) the decoded model
/// holds a dictionary, so the entry's key is read from the original bytes. The k-th occurrences
/// of each field of each message are indexed once, so putting back every payload of a model
/// costs one pass over its structure. Whenever a path does not name one place in the decoded
/// value (a repeated map key, a oneof member replaced later, a repeated singular field), the
/// resolver answers false and the codec decodes the original bytes instead.
struct AIRPayloadResolver {
    let root: ByteView
    /// Payload views of each field, by message start offset and field number, in wire order.
    private var index: [Int: [Int: [ByteView]]] = [:]

    init(root: ByteView) { self.root = root }

    private mutating func occurrences(_ field: Int, in view: ByteView) -> [ByteView] {
        let start = view.range.lowerBound
        if let known = index[start] { return known[field] ?? [] }
        var fields: [Int: [ByteView]] = [:]
        var scanner = WireScanner(ByteReader(view, format: AIRCodec.formatName))
        while let next = try? scanner.next() {
            guard case .bytes(let payload) = next.value else { continue }
            fields[next.number, default: []].append(payload)
        }
        index[start] = fields
        return fields[field] ?? []
    }

    private mutating func occurrence(_ step: WireStep, in view: ByteView) -> ByteView? {
        let all = occurrences(step.field, in: view)
        return all.indices.contains(step.index) ? all[step.index] : nil
    }

    /// The key of map entry `step` in `view`, when no other entry of that map has the same key.
    private mutating func uniqueKey(_ step: WireStep, in view: ByteView) -> (key: String, value: ByteView)? {
        let entries = occurrences(step.field, in: view)
        guard entries.indices.contains(step.index) else { return nil }
        var keys: [String] = []
        for entry in entries {
            let key = occurrences(1, in: entry).last.map { v in v.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
            keys.append(key ?? "")
        }
        let key = keys[step.index]
        guard keys.filter({ $0 == key }).count == 1 else { return nil }
        let values = occurrences(2, in: entries[step.index])
        guard values.count == 1, let value = values.first else { return nil }
        return (key, value)
    }

    // MARK: Walking the generated types

    mutating func setData(_ data: Data, at path: ArraySlice<WireStep>, in model: inout Ge_Proto_ModelDef) -> Bool {
        guard let step = path.first else { return false }
        switch step.field {
        case 7:
            guard model.graph.indices.contains(step.index), let view = occurrence(step, in: root) else { return false }
            return setData(data, at: path.dropFirst(), view: view, in: &model.graph[step.index])
        case 11:
            return setInMap(data, step, path.dropFirst(), root, &model.attr)
        default: return false
        }
    }

    private mutating func setInMap(
        _ data: Data, _ step: WireStep, _ rest: ArraySlice<WireStep>, _ view: ByteView,
        _ map: inout [String: Ge_Proto_AttrDef]
    ) -> Bool {
        guard let (key, valueView) = uniqueKey(step, in: view), var value = map[key],
            let next = rest.first, next.field == 2, next.index == 0
        else { return false }
        let done = setData(data, at: rest.dropFirst(), view: valueView, in: &value)
        map[key] = value
        return done
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in graph: inout Ge_Proto_GraphDef
    ) -> Bool {
        guard let step = path.first else { return false }
        switch step.field {
        case 6:
            guard graph.op.indices.contains(step.index), let child = occurrence(step, in: view) else { return false }
            return setData(data, at: path.dropFirst(), view: child, in: &graph.op[step.index])
        case 11: return setInMap(data, step, path.dropFirst(), view, &graph.attr)
        default: return false
        }
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in op: inout Ge_Proto_OpDef
    ) -> Bool {
        guard let step = path.first else { return false }
        switch step.field {
        case 10: return setInMap(data, step, path.dropFirst(), view, &op.attr)
        case 33:
            guard op.inputDesc.indices.contains(step.index), let child = occurrence(step, in: view) else { return false }
            return setData(data, at: path.dropFirst(), view: child, in: &op.inputDesc[step.index])
        case 34:
            guard op.outputDesc.indices.contains(step.index), let child = occurrence(step, in: view) else { return false }
            return setData(data, at: path.dropFirst(), view: child, in: &op.outputDesc[step.index])
        default: return false
        }
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in descriptor: inout Ge_Proto_TensorDescriptor
    ) -> Bool {
        guard let step = path.first, step.field == 5 else { return false }
        return setInMap(data, step, path.dropFirst(), view, &descriptor.attr)
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in named: inout Ge_Proto_NamedAttrs
    ) -> Bool {
        guard let step = path.first, step.field == 2 else { return false }
        return setInMap(data, step, path.dropFirst(), view, &named.attr)
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in attr: inout Ge_Proto_AttrDef
    ) -> Bool {
        guard let step = path.first, step.index == 0, let child = lastOccurrence(step.field, in: view) else {
            return false
        }
        // The step must name the oneof member the decoder kept, and its last occurrence (a
        // repeated singular message would have been merged; the walker reports that case).
        let rest = path.dropFirst()
        switch (step.field, attr.value) {
        case (1, .list(var list)?):
            let done = setData(data, at: rest, view: child, in: &list)
            attr.value = .list(list)
            return done
        case (10, .func(var named)?):
            let done = setData(data, at: rest, view: child, in: &named)
            attr.value = .func(named)
            return done
        case (11, .td(var descriptor)?):
            let done = setData(data, at: rest, view: child, in: &descriptor)
            attr.value = .td(descriptor)
            return done
        case (12, .t(var tensor)?):
            let done = setData(data, at: rest, view: child, in: &tensor)
            attr.value = .t(tensor)
            return done
        case (13, .g(var graph)?):
            let done = setData(data, at: rest, view: child, in: &graph)
            attr.value = .g(graph)
            return done
        default: return false
        }
    }

    private mutating func lastOccurrence(_ field: Int, in view: ByteView) -> ByteView? {
        let all = occurrences(field, in: view)
        // Any later member of the oneof replaces this one; the switch above checks which member won.
        return all.count == 1 ? all[0] : nil
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in list: inout Ge_Proto_AttrDef.ListValue
    ) -> Bool {
        guard let step = path.first, let child = occurrence(step, in: view) else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 8 where list.td.indices.contains(step.index):
            return setData(data, at: rest, view: child, in: &list.td[step.index])
        case 9 where list.t.indices.contains(step.index):
            return setData(data, at: rest, view: child, in: &list.t[step.index])
        case 10 where list.g.indices.contains(step.index):
            return setData(data, at: rest, view: child, in: &list.g[step.index])
        case 11 where list.na.indices.contains(step.index):
            return setData(data, at: rest, view: child, in: &list.na[step.index])
        default: return false
        }
    }

    private mutating func setData(
        _ data: Data, at path: ArraySlice<WireStep>, view: ByteView, in tensor: inout Ge_Proto_TensorDef
    ) -> Bool {
        guard let step = path.first else { return false }
        if step.field == 2 {
            // The payload itself: it must be the tensor's only `data` field, or the decoder's
            // last-one-wins rule could pick another.
            guard path.count == 1, occurrences(2, in: view).count == 1 else { return false }
            tensor.data = data
            return true
        }
        guard step.field == 1, step.index == 0, let child = lastOccurrence(1, in: view) else { return false }
        return setData(data, at: path.dropFirst(), view: child, in: &tensor.desc)
    }
}
