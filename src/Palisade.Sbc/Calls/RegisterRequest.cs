namespace Palisade.Sbc.Calls;

/// <summary>User state of a REGISTER client transaction.</summary>
internal sealed record RegisterRequest(RegistrationState State);
