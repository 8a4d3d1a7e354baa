/// Lists of elements grouped by a small integer key, stored contiguously (compressed sparse rows).
///
/// Group `g` holds `elements[starts[g] ..< starts[g + 1]]`, in the order the elements were given,
/// so a hot loop walks one group as a plain run of memory.
struct GroupedList<Element>: Sendable where Element: Sendable {
    /// Where each group starts in `elements`, plus the end of the last group.
    let starts: [Int32]
    /// Every element, group after group.
    let elements: [Element]

    /// Groups `items` (group, element) into `groupCount` groups, keeping their order within a group.
    init(groupCount: Int, items: [(group: Int, element: Element)]) {
        var sizes = [Int32](repeating: 0, count: groupCount + 1)
        for item in items { sizes[item.group + 1] += 1 }
        for group in 0..<groupCount { sizes[group + 1] += sizes[group] }
        starts = sizes
        var next = sizes.map(Int.init)
        var placed = [Element?](repeating: nil, count: items.count)
        for item in items {
            placed[next[item.group]] = item.element
            next[item.group] += 1
        }
        elements = placed.map { $0! }
    }

    private init(starts: [Int32], elements: [Element]) {
        self.starts = starts
        self.elements = elements
    }

    /// The same elements with the first `count` groups of every run of `width` adjacent groups (groups
    /// r ..< r + count, r a multiple of `width`) merged into group r + `target`, the others of those left
    /// empty and the rest of the run as it was (so group numbers stay as they were).
    func merged(by width: Int, first count: Int, into target: Int) -> GroupedList {
        precondition(target < count && count <= width && groupCount % width == 0)
        var merged = starts
        for group in 0..<groupCount {
            let place = group % width, run = group - place
            merged[group + 1] = place < target ? starts[run] : place < count ? starts[run + count] : starts[group + 1]
        }
        return GroupedList(starts: merged, elements: elements)
    }

    /// The number of groups.
    var groupCount: Int { starts.count - 1 }

    /// The index range of group `group` in `elements`.
    @inline(__always)
    func range(_ group: Int) -> Range<Int> { Int(starts[group]) ..< Int(starts[group + 1]) }
}
