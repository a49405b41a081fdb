/// A small dictionary that remembers insertion order.
///
/// Model metadata and opset imports are ordered in every source format (`metadata_props`,
/// `opset_import` are repeated fields), and writing them back in a different order would make
/// `encode(decode(bytes)) != bytes`. Lookups are linear because these maps hold a handful of
/// entries; that keeps the type free of hashing state and trivially `Sendable`.
public struct OrderedMap<Key: Hashable, Value> {
    /// One key and its value.
    public struct Entry {
        /// The key.
        public var key: Key
        /// The value.
        public var value: Value

        /// An entry.
        public init(key: Key, value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The entries in insertion order; keys are unique.
    public private(set) var entries: [Entry]

    /// An empty map.
    public init() { entries = [] }

    /// Builds a map from pairs in order. A repeated key keeps its first position and takes the
    /// last value, like repeated assignment through the subscript would.
    public init(_ pairs: some Sequence<(Key, Value)>) {
        entries = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of entries.
    public var count: Int { entries.count }
    /// Whether the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in order.
    public var keys: [Key] { entries.map(\.key) }
    /// The values in order.
    public var values: [Value] { entries.map(\.value) }

    /// The value for `key`; assigning `nil` removes the entry, assigning a value to a new key
    /// appends it, and assigning to an existing key replaces the value in place.
    public subscript(key: Key) -> Value? {
        get { entries.first { $0.key == key }?.value }
        set {
            let position = entries.firstIndex { $0.key == key }
            switch (position, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Removes and returns the value for `key`, keeping the order of the others.
    @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        return entries.remove(at: index).value
    }
}

extension OrderedMap: Sequence {
    public func makeIterator() -> AnyIterator<(key: Key, value: Value)> {
        var iterator = entries.makeIterator()
        return AnyIterator {
            guard let entry = iterator.next() else { return nil }
            return (entry.key, entry.value)
        }
    }

    public var underestimatedCount: Int { entries.count }
}

extension OrderedMap: ExpressibleByDictionaryLiteral {
    /// A literal keeps the order it is written in; a repeated key takes the last value.
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(elements)
    }
}

extension OrderedMap.Entry: Equatable where Value: Equatable {}
extension OrderedMap.Entry: Sendable where Key: Sendable, Value: Sendable {}
/// Equality is order-sensitive: the same pairs in a different order are a different map.
extension OrderedMap: Equatable where Value: Equatable {}
extension OrderedMap: Sendable where Key: Sendable, Value: Sendable {}

extension OrderedMap: CustomStringConvertible {
    public var description: String {
        "[" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
