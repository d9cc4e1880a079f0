@_exported import Bitrix24Core
