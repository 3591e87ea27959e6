/// An ordered collection of data elements, kept sorted by tag.
public struct DataSet: Sendable, Equatable {
    public private(set) var elements: [DataElement] = []
    /// Character set of the text in this data set: its own (0008,0005), or the one inherited
    /// from the enclosing data set for sequence items.
    public var characterSet: SpecificCharacterSet = .default

    public init() {}

    public init(_ elements: [DataElement]) {
        for element in elements { self[element.tag] = element }
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }
    public var tags: [Tag] { elements.map(\.tag) }

    public subscript(tag: Tag) -> DataElement? {
        get {
            let index = insertionIndex(of: tag)
            return index < elements.count && elements[index].tag == tag ? elements[index] : nil
        }
        set {
            let index = insertionIndex(of: tag)
            let present = index < elements.count && elements[index].tag == tag
            switch (newValue, present) {
            case (let element?, true): elements[index] = element
            case (let element?, false): elements.insert(element, at: index)
            case (nil, true): elements.remove(at: index)
            case (nil, false): break
            }
        }
    }

    public func contains(_ tag: Tag) -> Bool { self[tag] != nil }

    /// Appends when the tag sorts last (the usual case while parsing), inserts otherwise.
    mutating func add(_ element: DataElement) {
        if let last = elements.last, last.tag < element.tag {
            elements.append(element)
        } else {
            self[element.tag] = element
        }
    }

    private func insertionIndex(of tag: Tag) -> Int {
        var low = 0, high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if elements[middle].tag < tag { low = middle + 1 } else { high = middle }
        }
        return low
    }

    public static func == (lhs: DataSet, rhs: DataSet) -> Bool { lhs.elements == rhs.elements }
}
