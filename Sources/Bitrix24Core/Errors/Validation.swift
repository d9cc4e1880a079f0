import Foundation

extension Bitrix24Error {
    /// One problem REST 3.0 found with a request's parameters: an entry of the `validation` list in its error
    /// (`{"error": {"code", "message", "validation": [{"field", "message"}]}}`).
    public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
        /// The parameter the problem is about, as the portal names it (`id`, `fields.title`); `nil` when it names none.
        public var field: String?
        /// What is wrong, in the portal's language.
        public var message: String

        /// An issue; both texts are redacted by shape.
        public init(field: String?, message: String) {
            self.field = field.map(Bitrix24Redactor.redactByShape)
            self.message = Bitrix24Redactor.redactByShape(message)
        }

        /// `field: message`, or the message alone.
        public var description: String { field.map { "\($0): \(message)" } ?? message }
    }

    /// The fields ``validation`` names, in order, each once.
    public var validationFields: [String] {
        var seen = Set<String>()
        return validation.compactMap(\.field).filter { seen.insert($0).inserted }
    }

    /// The first validation message about `field` (`error.validationMessage(for: "id")`), or `nil` when the portal
    /// found nothing wrong with it.
    public func validationMessage(for field: String) -> String? {
        validation.first { $0.field == field }?.message
    }

    /// Every validation message about `field`, in order.
    public func validationMessages(for field: String) -> [String] {
        validation.filter { $0.field == field }.map(\.message)
    }
}
