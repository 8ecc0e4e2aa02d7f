//! Message types and the Code registry (RFC 7252 §3, §12.1, and the codes added since).

use core::fmt;

/// The 2-bit message type (RFC 7252 §3, §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum MessageType {
    /// Confirmable (0).
    Confirmable,
    /// Non-confirmable (1).
    NonConfirmable,
    /// Acknowledgement (2).
    Acknowledgement,
    /// Reset (3).
    Reset,
}

impl MessageType {
    /// The type from the two header bits (only the low two bits of `bits` are used).
    pub const fn from_bits(bits: u8) -> Self {
        match bits & 0b11 {
            0 => MessageType::Confirmable,
            1 => MessageType::NonConfirmable,
            2 => MessageType::Acknowledgement,
            _ => MessageType::Reset,
        }
    }

    /// The two header bits.
    pub const fn bits(self) -> u8 {
        self as u8
    }

    /// The usual abbreviation: `CON`, `NON`, `ACK`, `RST`.
    pub const fn abbrev(self) -> &'static str {
        match self {
            MessageType::Confirmable => "CON",
            MessageType::NonConfirmable => "NON",
            MessageType::Acknowledgement => "ACK",
            MessageType::Reset => "RST",
        }
    }

    /// Parse an abbreviation (`CON`, `NON`, `ACK`, `RST`).
    pub fn from_abbrev(s: &str) -> Option<Self> {
        [
            MessageType::Confirmable,
            MessageType::NonConfirmable,
            MessageType::Acknowledgement,
            MessageType::Reset,
        ]
        .into_iter()
        .find(|t| t.abbrev() == s)
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbrev())
    }
}

m2mwire_core::registry! {
    /// The 8-bit Code: a 3-bit class and a 5-bit detail, written `c.dd` (RFC 7252 §3, §12.1).
    pub struct Code(u8) {
        /// 0.00 Empty message (§4.1).
        EMPTY = 0x00 => "Empty",
        /// 0.01 GET (RFC 7252).
        GET = 0x01 => "GET",
        /// 0.02 POST (RFC 7252).
        POST = 0x02 => "POST",
        /// 0.03 PUT (RFC 7252).
        PUT = 0x03 => "PUT",
        /// 0.04 DELETE (RFC 7252).
        DELETE = 0x04 => "DELETE",
        /// 0.05 FETCH (RFC 8132).
        FETCH = 0x05 => "FETCH",
        /// 0.06 PATCH (RFC 8132).
        PATCH = 0x06 => "PATCH",
        /// 0.07 iPATCH (RFC 8132).
        IPATCH = 0x07 => "iPATCH",
        /// 2.01 Created.
        CREATED = 0x41 => "Created",
        /// 2.02 Deleted.
        DELETED = 0x42 => "Deleted",
        /// 2.03 Valid.
        VALID = 0x43 => "Valid",
        /// 2.04 Changed.
        CHANGED = 0x44 => "Changed",
        /// 2.05 Content.
        CONTENT = 0x45 => "Content",
        /// 2.31 Continue (RFC 7959).
        CONTINUE = 0x5f => "Continue",
        /// 4.00 Bad Request.
        BAD_REQUEST = 0x80 => "Bad Request",
        /// 4.01 Unauthorized.
        UNAUTHORIZED = 0x81 => "Unauthorized",
        /// 4.02 Bad Option.
        BAD_OPTION = 0x82 => "Bad Option",
        /// 4.03 Forbidden.
        FORBIDDEN = 0x83 => "Forbidden",
        /// 4.04 Not Found.
        NOT_FOUND = 0x84 => "Not Found",
        /// 4.05 Method Not Allowed.
        METHOD_NOT_ALLOWED = 0x85 => "Method Not Allowed",
        /// 4.06 Not Acceptable.
        NOT_ACCEPTABLE = 0x86 => "Not Acceptable",
        /// 4.08 Request Entity Incomplete (RFC 7959).
        REQUEST_ENTITY_INCOMPLETE = 0x88 => "Request Entity Incomplete",
        /// 4.09 Conflict (RFC 8132).
        CONFLICT = 0x89 => "Conflict",
        /// 4.12 Precondition Failed.
        PRECONDITION_FAILED = 0x8c => "Precondition Failed",
        /// 4.13 Request Entity Too Large.
        REQUEST_ENTITY_TOO_LARGE = 0x8d => "Request Entity Too Large",
        /// 4.15 Unsupported Content-Format.
        UNSUPPORTED_CONTENT_FORMAT = 0x8f => "Unsupported Content-Format",
        /// 4.22 Unprocessable Entity (RFC 8132).
        UNPROCESSABLE_ENTITY = 0x96 => "Unprocessable Entity",
        /// 4.29 Too Many Requests (RFC 8516).
        TOO_MANY_REQUESTS = 0x9d => "Too Many Requests",
        /// 5.00 Internal Server Error.
        INTERNAL_SERVER_ERROR = 0xa0 => "Internal Server Error",
        /// 5.01 Not Implemented.
        NOT_IMPLEMENTED = 0xa1 => "Not Implemented",
        /// 5.02 Bad Gateway.
        BAD_GATEWAY = 0xa2 => "Bad Gateway",
        /// 5.03 Service Unavailable.
        SERVICE_UNAVAILABLE = 0xa3 => "Service Unavailable",
        /// 5.04 Gateway Timeout.
        GATEWAY_TIMEOUT = 0xa4 => "Gateway Timeout",
        /// 5.05 Proxying Not Supported.
        PROXYING_NOT_SUPPORTED = 0xa5 => "Proxying Not Supported",
        /// 5.08 Hop Limit Reached (RFC 8768).
        HOP_LIMIT_REACHED = 0xa8 => "Hop Limit Reached",
        /// 7.01 CSM (RFC 8323 signaling; reserved over UDP).
        CSM = 0xe1 => "CSM",
        /// 7.02 Ping (RFC 8323 signaling; reserved over UDP).
        PING = 0xe2 => "Ping",
        /// 7.03 Pong (RFC 8323 signaling; reserved over UDP).
        PONG = 0xe3 => "Pong",
        /// 7.04 Release (RFC 8323 signaling; reserved over UDP).
        RELEASE = 0xe4 => "Release",
        /// 7.05 Abort (RFC 8323 signaling; reserved over UDP).
        ABORT = 0xe5 => "Abort",
    }
}

impl Code {
    /// The code `class.detail` (class 0–7, detail 0–31; higher bits are dropped).
    pub const fn new(class: u8, detail: u8) -> Self {
        Code(((class & 0x07) << 5) | (detail & 0x1f))
    }

    /// The class, 0–7.
    pub const fn class(self) -> u8 {
        self.0 >> 5
    }

    /// The detail, 0–31.
    pub const fn detail(self) -> u8 {
        self.0 & 0x1f
    }

    /// 0.00.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Class 0 with a non-zero detail: a method.
    pub const fn is_request(self) -> bool {
        self.class() == 0 && self.detail() != 0
    }

    /// Classes 2–5: the response range of the registry (RFC 7252 §12.1; class 3 has no
    /// assigned code yet but is not reserved).
    pub const fn is_response(self) -> bool {
        matches!(self.class(), 2..=5)
    }

    /// Classes 1, 6 and 7, reserved (RFC 7252 §12.1: 1.00–1.31 and 6.00–7.31; class 7 is
    /// signaling only over reliable transports, RFC 8323 §5).
    pub const fn is_reserved_class(self) -> bool {
        matches!(self.class(), 1 | 6 | 7)
    }

    /// Parse `"c.dd"` (as printed by `Display`).
    pub fn parse_dotted(s: &str) -> Option<Self> {
        let (c, d) = s.split_once('.')?;
        if c.len() != 1 || d.len() != 2 {
            return None;
        }
        let class: u8 = c.parse().ok()?;
        let detail: u8 = d.parse().ok()?;
        (class <= 7 && detail <= 31).then(|| Code::new(class, detail))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.class(), self.detail())?;
        if let Some(n) = self.name() {
            write!(f, " {n}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Code {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Code(u.arbitrary()?))
    }
}

m2mwire_core::registry! {
    /// CoAP Content-Formats (RFC 7252 §12.3 and the IANA registry).
    pub struct ContentFormat(u16) {
        /// text/plain;charset=utf-8
        TEXT_PLAIN = 0 => "text/plain;charset=utf-8",
        /// application/cose; cose-type="cose-encrypt0" (RFC 9052)
        COSE_ENCRYPT0 = 16 => "application/cose; cose-type=\"cose-encrypt0\"",
        /// application/cose; cose-type="cose-mac0"
        COSE_MAC0 = 17 => "application/cose; cose-type=\"cose-mac0\"",
        /// application/cose; cose-type="cose-sign1"
        COSE_SIGN1 = 18 => "application/cose; cose-type=\"cose-sign1\"",
        /// application/link-format (RFC 6690)
        LINK_FORMAT = 40 => "application/link-format",
        /// application/xml
        XML = 41 => "application/xml",
        /// application/octet-stream
        OCTET_STREAM = 42 => "application/octet-stream",
        /// application/exi
        EXI = 47 => "application/exi",
        /// application/json
        JSON = 50 => "application/json",
        /// application/json-patch+json (RFC 8132)
        JSON_PATCH = 51 => "application/json-patch+json",
        /// application/merge-patch+json (RFC 8132)
        MERGE_PATCH = 52 => "application/merge-patch+json",
        /// application/cbor
        CBOR = 60 => "application/cbor",
        /// application/cwt (RFC 8392)
        CWT = 61 => "application/cwt",
        /// application/multipart-core (RFC 8710)
        MULTIPART_CORE = 62 => "application/multipart-core",
        /// application/cbor-seq (RFC 8742)
        CBOR_SEQ = 63 => "application/cbor-seq",
        /// application/senml+json (RFC 8428)
        SENML_JSON = 110 => "application/senml+json",
        /// application/sensml+json (RFC 8428)
        SENSML_JSON = 111 => "application/sensml+json",
        /// application/senml+cbor (RFC 8428)
        SENML_CBOR = 112 => "application/senml+cbor",
        /// application/sensml+cbor (RFC 8428)
        SENSML_CBOR = 113 => "application/sensml+cbor",
        /// application/senml-exi (RFC 8428)
        SENML_EXI = 114 => "application/senml-exi",
        /// application/sensml-exi (RFC 8428)
        SENSML_EXI = 115 => "application/sensml-exi",
        /// application/coap-group+json (RFC 7390)
        COAP_GROUP_JSON = 256 => "application/coap-group+json",
        /// application/senml+xml (RFC 8428)
        SENML_XML = 310 => "application/senml+xml",
        /// application/sensml+xml (RFC 8428)
        SENSML_XML = 311 => "application/sensml+xml",
        /// application/vnd.oma.lwm2m+tlv, pre-registration number used by LwM2M 1.0 stacks
        LWM2M_TLV_LEGACY = 1542 => "application/vnd.oma.lwm2m+tlv (legacy 1542)",
        /// application/vnd.oma.lwm2m+json, pre-registration number used by LwM2M 1.0 stacks
        LWM2M_JSON_LEGACY = 1543 => "application/vnd.oma.lwm2m+json (legacy 1543)",
        /// application/vnd.ocf+cbor
        OCF_CBOR = 10000 => "application/vnd.ocf+cbor",
        /// application/vnd.oma.lwm2m+tlv
        LWM2M_TLV = 11542 => "application/vnd.oma.lwm2m+tlv",
        /// application/vnd.oma.lwm2m+json
        LWM2M_JSON = 11543 => "application/vnd.oma.lwm2m+json",
        /// application/vnd.oma.lwm2m+cbor (LwM2M 1.2)
        LWM2M_CBOR = 11544 => "application/vnd.oma.lwm2m+cbor",
        /// text/css
        TEXT_CSS = 20000 => "text/css",
        /// image/svg+xml
        SVG_XML = 30000 => "image/svg+xml",
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn code_prints_class_dot_detail_and_name() {
        assert_eq!(Code::CONTENT.to_string(), "2.05 Content");
        assert_eq!(Code(0x46).to_string(), "2.06");
        assert_eq!(Code::parse_dotted("4.04"), Some(Code::NOT_FOUND));
        assert_eq!(Code::parse_dotted("8.00"), None);
        assert_eq!(Code::parse_dotted("2.5"), None);
        assert!(Code(0x20).is_reserved_class());
        assert!(!Code::GET.is_reserved_class());
    }
}
