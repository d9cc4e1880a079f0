import Bitrix24Core
import Foundation

/// A small app layer over the client generated at build time from the pages in `Bitrix24Docs/`.
public enum PortalClient {
    /// Puts the current call on hold from a `PAGE_BACKGROUND_WORKER` widget (`CallCardSetHold`).
    public static func hold(_ b24: Bitrix24Client) async throws {
        _ = try await b24.call(.callCardSetHold(held: true))
    }

    /// The ID of the deal an `onCrmDealAdd` delivery is about, after verifying its application token.
    public static func addedDealID(formEncodedBody body: String, applicationToken: String) throws -> Int? {
        let event = try Bitrix24Event(formEncoded: body, expectedApplicationToken: applicationToken)
        return event.payload(CRMAPI.Events.OnCRMDealAdd.self)?.data?.fields?.id
    }
}
