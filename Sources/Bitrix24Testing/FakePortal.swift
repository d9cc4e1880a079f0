import Bitrix24Core
import FlyingFox

/// Placeholder: the fake portal lands with issue 4.
public enum FakePortalPlaceholder {}
