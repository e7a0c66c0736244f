namespace Palisade.Sbc.Calls;

internal enum LocalRequestKind : byte
{
    Bye,
    Cancel,
    Prack,
    Refresh,
}
