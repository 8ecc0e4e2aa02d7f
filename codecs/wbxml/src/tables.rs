//! Code-page tables: tag tokens of the SyncML family, as facts from the OMA specifications
//! (cross-checked with libwbxml's tables). Adding a language is adding a [`Language`].

use crate::Page;

/// SyncML 1.1 code page 0 (SyncML Representation Protocol 1.1). 0x30 is reserved.
pub static SYNCML_11_TAGS: &[(u8, &str)] = &[
    (0x05, "Add"),
    (0x06, "Alert"),
    (0x07, "Archive"),
    (0x08, "Atomic"),
    (0x09, "Chal"),
    (0x0A, "Cmd"),
    (0x0B, "CmdID"),
    (0x0C, "CmdRef"),
    (0x0D, "Copy"),
    (0x0E, "Cred"),
    (0x0F, "Data"),
    (0x10, "Delete"),
    (0x11, "Exec"),
    (0x12, "Final"),
    (0x13, "Get"),
    (0x14, "Item"),
    (0x15, "Lang"),
    (0x16, "LocName"),
    (0x17, "LocURI"),
    (0x18, "Map"),
    (0x19, "MapItem"),
    (0x1A, "Meta"),
    (0x1B, "MsgID"),
    (0x1C, "MsgRef"),
    (0x1D, "NoResp"),
    (0x1E, "NoResults"),
    (0x1F, "Put"),
    (0x20, "Replace"),
    (0x21, "RespURI"),
    (0x22, "Results"),
    (0x23, "Search"),
    (0x24, "Sequence"),
    (0x25, "SessionID"),
    (0x26, "SftDel"),
    (0x27, "Source"),
    (0x28, "SourceRef"),
    (0x29, "Status"),
    (0x2A, "Sync"),
    (0x2B, "SyncBody"),
    (0x2C, "SyncHdr"),
    (0x2D, "SyncML"),
    (0x2E, "Target"),
    (0x2F, "TargetRef"),
    (0x31, "VerDTD"),
    (0x32, "VerProto"),
    (0x33, "NumberOfChanges"),
    (0x34, "MoreData"),
];

/// SyncML 1.2 code page 0 (OMA-TS-SyncML_RepPro-V1_2): the 1.1 tags and eight more.
pub static SYNCML_12_TAGS: &[(u8, &str)] = &[
    (0x05, "Add"),
    (0x06, "Alert"),
    (0x07, "Archive"),
    (0x08, "Atomic"),
    (0x09, "Chal"),
    (0x0A, "Cmd"),
    (0x0B, "CmdID"),
    (0x0C, "CmdRef"),
    (0x0D, "Copy"),
    (0x0E, "Cred"),
    (0x0F, "Data"),
    (0x10, "Delete"),
    (0x11, "Exec"),
    (0x12, "Final"),
    (0x13, "Get"),
    (0x14, "Item"),
    (0x15, "Lang"),
    (0x16, "LocName"),
    (0x17, "LocURI"),
    (0x18, "Map"),
    (0x19, "MapItem"),
    (0x1A, "Meta"),
    (0x1B, "MsgID"),
    (0x1C, "MsgRef"),
    (0x1D, "NoResp"),
    (0x1E, "NoResults"),
    (0x1F, "Put"),
    (0x20, "Replace"),
    (0x21, "RespURI"),
    (0x22, "Results"),
    (0x23, "Search"),
    (0x24, "Sequence"),
    (0x25, "SessionID"),
    (0x26, "SftDel"),
    (0x27, "Source"),
    (0x28, "SourceRef"),
    (0x29, "Status"),
    (0x2A, "Sync"),
    (0x2B, "SyncBody"),
    (0x2C, "SyncHdr"),
    (0x2D, "SyncML"),
    (0x2E, "Target"),
    (0x2F, "TargetRef"),
    (0x31, "VerDTD"),
    (0x32, "VerProto"),
    (0x33, "NumberOfChanges"),
    (0x34, "MoreData"),
    (0x35, "Field"),
    (0x36, "Filter"),
    (0x37, "Record"),
    (0x38, "FilterType"),
    (0x39, "SourceParent"),
    (0x3A, "TargetParent"),
    (0x3B, "Move"),
    (0x3C, "Correlator"),
];

/// MetInf 1.1 (code page 1 inside SyncML).
pub static METINF_11_TAGS: &[(u8, &str)] = &[
    (0x05, "Anchor"),
    (0x06, "EMI"),
    (0x07, "Format"),
    (0x08, "FreeID"),
    (0x09, "FreeMem"),
    (0x0A, "Last"),
    (0x0B, "Mark"),
    (0x0C, "MaxMsgSize"),
    (0x0D, "Mem"),
    (0x0E, "MetInf"),
    (0x0F, "Next"),
    (0x10, "NextNonce"),
    (0x11, "SharedMem"),
    (0x12, "Size"),
    (0x13, "Type"),
    (0x14, "Version"),
    (0x15, "MaxObjSize"),
];

/// MetInf 1.2 (OMA-TS-SyncML_MetaInfo-V1_2): 1.1 and FieldLevel.
pub static METINF_12_TAGS: &[(u8, &str)] = &[
    (0x05, "Anchor"),
    (0x06, "EMI"),
    (0x07, "Format"),
    (0x08, "FreeID"),
    (0x09, "FreeMem"),
    (0x0A, "Last"),
    (0x0B, "Mark"),
    (0x0C, "MaxMsgSize"),
    (0x0D, "Mem"),
    (0x0E, "MetInf"),
    (0x0F, "Next"),
    (0x10, "NextNonce"),
    (0x11, "SharedMem"),
    (0x12, "Size"),
    (0x13, "Type"),
    (0x14, "Version"),
    (0x15, "MaxObjSize"),
    (0x16, "FieldLevel"),
];

/// DevInf 1.1, code page 0 of its own document.
pub static DEVINF_11_TAGS: &[(u8, &str)] = &[
    (0x05, "CTCap"),
    (0x06, "CTType"),
    (0x07, "DataStore"),
    (0x08, "DataType"),
    (0x09, "DevID"),
    (0x0A, "DevInf"),
    (0x0B, "DevTyp"),
    (0x0C, "DisplayName"),
    (0x0D, "DSMem"),
    (0x0E, "Ext"),
    (0x0F, "FwV"),
    (0x10, "HwV"),
    (0x11, "Man"),
    (0x12, "MaxGUIDSize"),
    (0x13, "MaxID"),
    (0x14, "MaxMem"),
    (0x15, "Mod"),
    (0x16, "OEM"),
    (0x17, "ParamName"),
    (0x18, "PropName"),
    (0x19, "Rx"),
    (0x1A, "Rx-Pref"),
    (0x1B, "SharedMem"),
    (0x1C, "Size"),
    (0x1D, "SourceRef"),
    (0x1E, "SwV"),
    (0x1F, "SyncCap"),
    (0x20, "SyncType"),
    (0x21, "Tx"),
    (0x22, "Tx-Pref"),
    (0x23, "ValEnum"),
    (0x24, "VerCT"),
    (0x25, "VerDTD"),
    (0x26, "XNam"),
    (0x27, "XVal"),
    (0x28, "UTC"),
    (0x29, "SupportNumberOfChanges"),
    (0x2A, "SupportLargeObjs"),
];

/// DevInf 1.2 (OMA-TS-DS_DevInf-V1_2): 0x1C is MaxSize (DevInf 1.1's Size is gone from the 1.2
/// DTD; libwbxml agrees, Syncroton's table still says Size); 0x2F is unassigned.
pub static DEVINF_12_TAGS: &[(u8, &str)] = &[
    (0x05, "CTCap"),
    (0x06, "CTType"),
    (0x07, "DataStore"),
    (0x08, "DataType"),
    (0x09, "DevID"),
    (0x0A, "DevInf"),
    (0x0B, "DevTyp"),
    (0x0C, "DisplayName"),
    (0x0D, "DSMem"),
    (0x0E, "Ext"),
    (0x0F, "FwV"),
    (0x10, "HwV"),
    (0x11, "Man"),
    (0x12, "MaxGUIDSize"),
    (0x13, "MaxID"),
    (0x14, "MaxMem"),
    (0x15, "Mod"),
    (0x16, "OEM"),
    (0x17, "ParamName"),
    (0x18, "PropName"),
    (0x19, "Rx"),
    (0x1A, "Rx-Pref"),
    (0x1B, "SharedMem"),
    (0x1C, "MaxSize"),
    (0x1D, "SourceRef"),
    (0x1E, "SwV"),
    (0x1F, "SyncCap"),
    (0x20, "SyncType"),
    (0x21, "Tx"),
    (0x22, "Tx-Pref"),
    (0x23, "ValEnum"),
    (0x24, "VerCT"),
    (0x25, "VerDTD"),
    (0x26, "XNam"),
    (0x27, "XVal"),
    (0x28, "UTC"),
    (0x29, "SupportNumberOfChanges"),
    (0x2A, "SupportLargeObjs"),
    (0x2B, "Property"),
    (0x2C, "PropParam"),
    (0x2D, "MaxOccur"),
    (0x2E, "NoTruncate"),
    (0x30, "Filter-Rx"),
    (0x31, "FilterCap"),
    (0x32, "FilterKeyword"),
    (0x33, "FieldLevel"),
    (0x34, "SupportHierarchicalSync"),
];

/// OMA DM DDF 1.2 (OMA-TS-DM_TND-V1_2_1), code page 2. `Node` and `node` differ (element vs.
/// format value).
pub static DMDDF_12_TAGS: &[(u8, &str)] = &[
    (0x05, "AccessType"),
    (0x06, "ACL"),
    (0x07, "Add"),
    (0x08, "b64"),
    (0x09, "bin"),
    (0x0A, "bool"),
    (0x0B, "chr"),
    (0x0C, "CaseSense"),
    (0x0D, "CIS"),
    (0x0E, "Copy"),
    (0x0F, "CS"),
    (0x10, "date"),
    (0x11, "DDFName"),
    (0x12, "DefaultValue"),
    (0x13, "Delete"),
    (0x14, "Description"),
    (0x15, "DFFormat"),
    (0x16, "DFProperties"),
    (0x17, "DFTitle"),
    (0x18, "DFType"),
    (0x19, "Dynamic"),
    (0x1A, "Exec"),
    (0x1B, "float"),
    (0x1C, "Format"),
    (0x1D, "Get"),
    (0x1E, "int"),
    (0x1F, "Man"),
    (0x20, "MgmtTree"),
    (0x21, "MIME"),
    (0x22, "Mod"),
    (0x23, "Name"),
    (0x24, "Node"),
    (0x25, "node"),
    (0x26, "NodeName"),
    (0x27, "null"),
    (0x28, "Occurrence"),
    (0x29, "One"),
    (0x2A, "OneOrMore"),
    (0x2B, "OneOrN"),
    (0x2C, "Path"),
    (0x2D, "Permanent"),
    (0x2E, "Replace"),
    (0x2F, "RTProperties"),
    (0x30, "Scope"),
    (0x31, "Size"),
    (0x32, "time"),
    (0x33, "Title"),
    (0x34, "TStamp"),
    (0x35, "Type"),
    (0x36, "Value"),
    (0x37, "VerDTD"),
    (0x38, "VerNo"),
    (0x39, "xml"),
    (0x3A, "ZeroOrMore"),
    (0x3B, "ZeroOrN"),
    (0x3C, "ZeroOrOne"),
];

/// One code page of a language: its number, XML namespace and tag tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodePage {
    /// Page number (the operand of SWITCH_PAGE).
    pub page: Page,
    /// The XML namespace its elements live in.
    pub namespace: &'static str,
    /// `(token, tag name)`, sorted by token.
    pub tags: &'static [(u8, &'static str)],
    /// Bit `n` set when token `n` (0–63) is a tag of this page: the decoder's check.
    pub mask: u64,
}

/// The [`CodePage::mask`] of a tag table.
pub const fn tag_mask(tags: &[(u8, &str)]) -> u64 {
    let mut m = 0u64;
    let mut rest = tags;
    while let [(code, _), tail @ ..] = rest {
        m |= 1 << (*code & 63);
        rest = tail;
    }
    m
}

const fn page(
    page: Page,
    namespace: &'static str,
    tags: &'static [(u8, &'static str)],
) -> CodePage {
    CodePage {
        page,
        namespace,
        tags,
        mask: tag_mask(tags),
    }
}

impl CodePage {
    /// The name of tag token `code` (the low six bits of a tag byte).
    pub fn tag_name(&self, code: u8) -> Option<&'static str> {
        self.tags
            .binary_search_by_key(&code, |&(c, _)| c)
            .ok()
            .and_then(|i| self.tags.get(i))
            .map(|&(_, n)| n)
    }

    /// The token of tag `name`.
    pub fn tag_code(&self, name: &str) -> Option<u8> {
        self.tags.iter().find(|&&(_, n)| n == name).map(|&(c, _)| c)
    }
}

/// A WBXML language: public identifier, XML FPI, root element and code pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// Short name (`SyncML 1.2`).
    pub name: &'static str,
    /// The numeric WBXML public id, if one is registered.
    pub public_id: Option<u32>,
    /// The XML formal public identifier of its DTD.
    pub fpi: &'static str,
    /// The DTD's URL, for the DOCTYPE of the XML form.
    pub dtd: &'static str,
    /// The root element.
    pub root: &'static str,
    /// Its code pages.
    pub pages: &'static [CodePage],
}

impl Language {
    /// The code page numbered `page`.
    pub fn page(&self, page: Page) -> Option<&'static CodePage> {
        self.pages.iter().find(|p| p.page == page)
    }

    /// The code page whose namespace is `ns`.
    pub fn page_for_namespace(&self, ns: &str) -> Option<&'static CodePage> {
        self.pages.iter().find(|p| p.namespace == ns)
    }
}

const SYNCML_11_PAGES: &[CodePage] = &[
    page(0, "SYNCML:SYNCML1.1", SYNCML_11_TAGS),
    page(1, "syncml:metinf", METINF_11_TAGS),
];

const SYNCML_12_PAGES: &[CodePage] = &[
    page(0, "SYNCML:SYNCML1.2", SYNCML_12_TAGS),
    page(1, "syncml:metinf", METINF_12_TAGS),
    page(2, "syncml:dmddf1.2", DMDDF_12_TAGS),
];

/// SyncML 1.1 (DS and DM 1.1.2): public id 0x0FD3.
pub static SYNCML_11: Language = Language {
    name: "SyncML 1.1",
    public_id: Some(0x0FD3),
    fpi: "-//SYNCML//DTD SyncML 1.1//EN",
    dtd: "http://www.syncml.org/docs/syncml_represent_v11_20020213.dtd",
    root: "SyncML",
    pages: SYNCML_11_PAGES,
};

/// SyncML 1.2 (DS and DM 1.2): public id 0x1201; page 1 MetInf, page 2 DM DDF.
pub static SYNCML_12: Language = Language {
    name: "SyncML 1.2",
    public_id: Some(0x1201),
    fpi: "-//SYNCML//DTD SyncML 1.2//EN",
    dtd: "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd",
    root: "SyncML",
    pages: SYNCML_12_PAGES,
};

/// MetInf 1.2 as a document of its own: public id 0x1202.
pub static METINF_12: Language = Language {
    name: "MetInf 1.2",
    public_id: Some(0x1202),
    fpi: "-//SYNCML//DTD MetInf 1.2//EN",
    dtd: "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_MetaInfo_DTD-V1_2.dtd",
    root: "MetInf",
    pages: &[page(1, "syncml:metinf", METINF_12_TAGS)],
};

/// DevInf 1.1: public id 0x0FD4.
pub static DEVINF_11: Language = Language {
    name: "DevInf 1.1",
    public_id: Some(0x0FD4),
    fpi: "-//SYNCML//DTD DevInf 1.1//EN",
    dtd: "http://www.syncml.org/docs/devinf_v11_20020215.dtd",
    root: "DevInf",
    pages: &[page(0, "syncml:devinf", DEVINF_11_TAGS)],
};

/// DevInf 1.2: public id 0x1203.
pub static DEVINF_12: Language = Language {
    name: "DevInf 1.2",
    public_id: Some(0x1203),
    fpi: "-//SYNCML//DTD DevInf 1.2//EN",
    dtd: "http://www.openmobilealliance.org/tech/DTD/OMA-SyncML-Device_Information-DTD-1.2.dtd",
    root: "DevInf",
    pages: &[page(0, "syncml:devinf", DEVINF_12_TAGS)],
};

/// OMA DM DDF 1.2 (root `MgmtTree`, code page 2); no numeric public id: the FPI goes in the
/// string table.
pub static DMDDF_12: Language = Language {
    name: "DM DDF 1.2",
    public_id: None,
    fpi: "-//OMA//DTD-DM-DDF 1.2//EN",
    dtd: "http://www.openmobilealliance.org/tech/DTD/dm_ddf-v1_2.dtd",
    root: "MgmtTree",
    pages: &[page(2, "syncml:dmddf1.2", DMDDF_12_TAGS)],
};

/// Every language this crate knows.
pub static LANGUAGES: &[&Language] = &[
    &SYNCML_11, &SYNCML_12, &METINF_12, &DEVINF_11, &DEVINF_12, &DMDDF_12,
];

/// The language with numeric public id `id`.
pub fn by_public_id(id: u32) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.public_id == Some(id))
}

/// The language whose FPI is `fpi`.
pub fn by_fpi(fpi: &str) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.fpi == fpi)
}
