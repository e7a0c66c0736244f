namespace Palisade.Benchmarks;

/// <summary>
/// Realistic Direct Routing messages built from Microsoft's published examples
/// (../shared/testdata/teams-direct-routing): upper-case header names, FQDN Contact and Record-Route, session
/// timer, SDES offer. Examples for measuring, not corpus.
/// </summary>
internal static class TeamsMessages
{
    public const string Sdp =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 52.114.148.0\r\n" +
        "s=session\r\n" +
        "c=IN IP4 52.114.148.0\r\n" +
        "b=CT:10000000\r\n" +
        "t=0 0\r\n" +
        "m=audio 52884 RTP/SAVP 111 103 104 9 0 8 106 13 110 112 113 126\r\n" +
        "c=IN IP4 52.114.148.0\r\n" +
        "a=rtcp:52884\r\n" +
        "a=crypto:0 AES_CM_128_HMAC_SHA1_32 inline:Hr4D2cgUu9+Uza5Igz/JkVx59DAxDbaxJg862ibQ|2^31\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:JPEaIxHegfuv53ykBPZk8hV0GO8kTiiqRMfHimEE|2^31\r\n" +
        "a=rtpmap:111 SILK/16000\r\n" +
        "a=rtpmap:103 SILK/8000\r\n" +
        "a=rtpmap:104 SILK/16000\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:106 CN/16000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/16000\r\n" +
        "a=rtpmap:112 telephone-event/8000\r\n" +
        "a=rtpmap:113 RED/16000\r\n" +
        "a=rtpmap:126 telephone-event/48000\r\n" +
        "a=fmtp:110 0-16\r\n" +
        "a=fmtp:112 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=rtcp-mux\r\n" +
        "a=sendrecv\r\n";

    public static readonly string Invite =
        "INVITE sip:+14255550123@sbc1.contoso.com:5061;user=phone;transport=tls SIP/2.0\r\n" +
        "VIA: SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bKac2121518978;rport\r\n" +
        "MAX-FORWARDS: 69\r\n" +
        "FROM: \"Alice Jones\" <sip:+14255550100@sip.pstnhub.microsoft.com;user=phone>;tag=b2f1c0a8e1d54c2d9a\r\n" +
        "TO: <sip:+14255550123@sbc1.contoso.com;user=phone>\r\n" +
        "CALL-ID: 4a6b2c1d9e8f7a6b5c4d3e2f1a0b9c8d\r\n" +
        "CSEQ: 1 INVITE\r\n" +
        "RECORD-ROUTE: <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls;lr>\r\n" +
        "CONTACT: <sip:api-du-a-uswe2.pstnhub.microsoft.com:443;x-i=7c5e2a1b-9f3d-4e8a-b6c1-2d3e4f5a6b7c;x-c=4a6b2c1d9e8f7a6b5c4d3e2f1a0b9c8d/d/8/2f1a0b9c>\r\n" +
        "ALLOW: INVITE, ACK, OPTIONS, CANCEL, BYE, NOTIFY\r\n" +
        "SUPPORTED: timer\r\n" +
        "SESSION-EXPIRES: 3600\r\n" +
        "MIN-SE: 300\r\n" +
        "P-ASSERTED-IDENTITY: <sip:+14255550100@sip.pstnhub.microsoft.com;user=phone>\r\n" +
        "X-MS-CALLID: 8c1f2e3d-4b5a-6978-8a9b-0c1d2e3f4a5b\r\n" +
        "X-MS-TENANTID: 72f988bf-86f1-41af-91ab-2d7cd011db47\r\n" +
        "USER-AGENT: Microsoft.PSTNHub.SIPProxy v.2024.7.31.1 i.USWE2.3\r\n" +
        "CONTENT-TYPE: application/sdp\r\n" +
        "CONTENT-LENGTH: " + System.Text.Encoding.ASCII.GetByteCount(Sdp) + "\r\n" +
        "\r\n" + Sdp;

    public const string Options =
        "OPTIONS sip:sbc1.contoso.com:5061;transport=tls SIP/2.0\r\n" +
        "VIA: SIP/2.0/TLS 52.114.148.0:5061;branch=z9hG4bKac2121518979\r\n" +
        "MAX-FORWARDS: 70\r\n" +
        "FROM: <sip:sip-du-a-us.pstnhub.microsoft.com:5061>;tag=3e1b9d\r\n" +
        "TO: <sip:sbc1.contoso.com>\r\n" +
        "CALL-ID: 1f2e3d4c5b6a79880a1b2c3d4e5f6a7b\r\n" +
        "CSEQ: 1 OPTIONS\r\n" +
        "CONTACT: <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls>\r\n" +
        "USER-AGENT: Microsoft.PSTNHub.SIPProxy v.2024.7.31.1 i.USWE2.3\r\n" +
        "CONTENT-LENGTH: 0\r\n" +
        "\r\n";

    public const string Ok200 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/TLS sbc1.contoso.com:5061;alias;branch=z9hG4bKac2121518978\r\n" +
        "From: <sip:+17168712781@sbc1.contoso.com;user=phone>;tag=1c747237679\r\n" +
        "To: <sip:+18338006777@sip.pstnhub.microsoft.com;user=phone>;tag=9c8b7a6d5e\r\n" +
        "Call-ID: 57ae3e8e-1d5c-4b3a-9f2e-0c1d2e3f4a5b\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Record-Route: <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls;lr>\r\n" +
        "Contact: <sip:api-du-a-uswe2.pstnhub.microsoft.com:443;x-i=7c5e2a1b;x-c=57ae3e8e/d/8/2f1a>\r\n" +
        "Allow: INVITE, ACK, OPTIONS, CANCEL, BYE, NOTIFY\r\n" +
        "Supported: timer\r\n" +
        "Session-Expires: 3600;refresher=uas\r\n" +
        "Require: timer\r\n" +
        "Server: Microsoft.PSTNHub.SIPProxy v.2024.7.31.1 i.USWE2.3\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";
}
