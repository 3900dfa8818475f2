// A module that publishes or decodes contract messages also names `ContractMessage` and the payload
// types; importing ContractMessaging is enough for that.
@_exported public import ContractTypes
