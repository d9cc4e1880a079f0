import Bitrix24Core
import Foundation

/// Uses the client generated at build time from the pages in `Bitrix24Docs/`.
public enum PortalClient {
    /// Creates a deal and reads it back.
    public static func createAndFetchDeal(webhook: URL, title: String) async throws -> Int {
        let b24 = Bitrix24Client(auth: .webhook(webhook))
        let id = try await b24.crm.deal.add(fields: .init(title: title))
        _ = try await b24.crm.deal.get(id: id)
        return id
    }
}
