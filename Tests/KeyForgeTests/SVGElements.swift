import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an XML document as a real XML parser reads them (so a document that is not
/// well-formed fails to parse), each with its attributes and the attributes of its parent element.
final class SVGElements: NSObject, XMLParserDelegate {
    /// One element.
    struct Element {
        var name: String
        var attributes: [String: String]
        var parentAttributes: [String: String]
        var text: String
        /// The `data-panel` of the enclosing `<g class="panel">`, if any.
        var panel: Int?
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> [Element]? {
        let parser = XMLParser(data: data)
        let collector = SVGElements()
        parser.delegate = collector
        return parser.parse() ? collector.elements : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        let parent = stack.last.map { elements[$0].attributes } ?? [:]
        let panel = attributes["class"] == "panel" ? Int(attributes["data-panel"] ?? "") : stack.last.flatMap { elements[$0].panel }
        elements.append(Element(name: elementName, attributes: attributes, parentAttributes: parent, text: "", panel: panel))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = stack.last { elements[current].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
