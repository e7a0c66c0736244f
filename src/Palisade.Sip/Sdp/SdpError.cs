namespace Palisade.Sip.Sdp;

/// <summary>Why a session description was refused: the 1-based line number and a plain sentence.</summary>
public readonly record struct SdpError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"SDP line {Line}: {Message}" : "SDP: " + Message;
}
