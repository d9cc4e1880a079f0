// swift-tools-version: 6.1
// An app that depends on one scope module (`Bitrix24CRM`) and the testing kit, and runs against `FakePortal`.
// It compiles the CRM module and the runtime only; none of the other scope modules, no libxml2.
import PackageDescription

let package = Package(
    name: "CRMOnly",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1)],
    dependencies: [
        .package(name: "swift-bitrix24", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "CRMOnly",
            dependencies: [
                .product(name: "Bitrix24CRM", package: "swift-bitrix24"),
                .product(name: "Bitrix24Testing", package: "swift-bitrix24"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
