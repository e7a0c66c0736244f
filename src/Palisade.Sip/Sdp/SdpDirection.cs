namespace Palisade.Sip.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1); sendrecv is the default.</summary>
public enum SdpDirection : byte
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
