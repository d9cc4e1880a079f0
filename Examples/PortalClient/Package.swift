// swift-tools-version: 6.1
// An app that generates its own Bitrix24 client at build time from the pages it keeps in
// Sources/PortalClient/Bitrix24Docs/, with the Bitrix24ClientGenerator build plugin.
import PackageDescription

let package = Package(
    name: "PortalClient",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-bitrix24", path: "../.."),
    ],
    targets: [
        .target(
            name: "PortalClient",
            dependencies: [.product(name: "Bitrix24Core", package: "swift-bitrix24")],
            exclude: ["Bitrix24Docs", "bitrix24-generator.json"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "Bitrix24ClientGenerator", package: "swift-bitrix24")]
        ),
    ]
)
