//! Canonical columns, their aliases, and resolving a file's header onto them.

use std::collections::{HashMap, HashSet};

/// A column the screen understands. Any subset may be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// Entry number, bill of lading or other shipment key.
    ShipmentId,
    /// Line number within the shipment.
    Line,
    /// Date of entry.
    EntryDate,
    /// Importer of record.
    Importer,
    /// Seller, exporter, shipper or vendor.
    Supplier,
    /// Supplier's address.
    SupplierAddress,
    /// Producer, factory, MID name.
    Manufacturer,
    /// Manufacturer's address.
    ManufacturerAddress,
    /// Country of origin of the goods.
    CountryOfOrigin,
    /// HTS (HTSUS / HS) code.
    HtsCode,
    /// Description of the goods.
    Description,
    /// Quantity.
    Quantity,
    /// Unit of quantity.
    Unit,
    /// Declared value.
    Value,
    /// Currency of the value.
    Currency,
    /// Supply chain: tier number (1 = the manufacturer, higher = further upstream).
    Tier,
    /// Supply chain: what the party does (fabric mill, yarn spinner, raw material, labour agency).
    Role,
    /// Supply chain: the party's name.
    Party,
    /// Supply chain: the party's address.
    Address,
    /// Supply chain: the party's country.
    Country,
    /// Supply chain: the material or input at that tier.
    Material,
    /// Supply chain: the party this one supplies (optional tree).
    Parent,
    /// Evidence: the kind of document on file.
    DocumentType,
    /// Evidence: the document's reference.
    Reference,
}

/// Which kind of file a layout is resolved for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schema {
    /// A shipment manifest, purchase data or a supplier list.
    #[default]
    Manifest,
    /// Upstream tiers of manifest lines (`--supply-chain`).
    SupplyChain,
    /// Documents on file (`--evidence`).
    Evidence,
}

impl Schema {
    /// The canonical columns of this kind of file.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Schema::Manifest => &Column::ALL,
            Schema::SupplyChain => &[
                Column::ShipmentId,
                Column::Line,
                Column::Tier,
                Column::Role,
                Column::Party,
                Column::Address,
                Column::Country,
                Column::Material,
                Column::Parent,
            ],
            Schema::Evidence => &[
                Column::ShipmentId,
                Column::Line,
                Column::Tier,
                Column::DocumentType,
                Column::Reference,
            ],
        }
    }

    /// Columns of which at least one must be present.
    fn needs(self) -> &'static [Column] {
        match self {
            Schema::Manifest => &[
                Column::Supplier,
                Column::SupplierAddress,
                Column::Manufacturer,
                Column::ManufacturerAddress,
                Column::Description,
                Column::HtsCode,
                Column::CountryOfOrigin,
            ],
            Schema::SupplyChain => &[Column::ShipmentId],
            Schema::Evidence => &[Column::DocumentType],
        }
    }

    /// Columns that must all be present.
    fn requires(self) -> &'static [Column] {
        match self {
            Schema::Manifest => &[],
            Schema::SupplyChain => &[Column::ShipmentId, Column::Tier],
            Schema::Evidence => &[Column::ShipmentId, Column::DocumentType],
        }
    }
}

impl Column {
    /// Every canonical column, in output order.
    pub const ALL: [Column; 15] = [
        Column::ShipmentId,
        Column::Line,
        Column::EntryDate,
        Column::Importer,
        Column::Supplier,
        Column::SupplierAddress,
        Column::Manufacturer,
        Column::ManufacturerAddress,
        Column::CountryOfOrigin,
        Column::HtsCode,
        Column::Description,
        Column::Quantity,
        Column::Unit,
        Column::Value,
        Column::Currency,
    ];

    /// The canonical name, as used by `--map` and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Column::ShipmentId => "shipment_id",
            Column::Line => "line",
            Column::EntryDate => "entry_date",
            Column::Importer => "importer",
            Column::Supplier => "supplier",
            Column::SupplierAddress => "supplier_address",
            Column::Manufacturer => "manufacturer",
            Column::ManufacturerAddress => "manufacturer_address",
            Column::CountryOfOrigin => "country_of_origin",
            Column::HtsCode => "hts_code",
            Column::Description => "description",
            Column::Quantity => "quantity",
            Column::Unit => "unit",
            Column::Value => "value",
            Column::Currency => "currency",
            Column::Tier => "tier",
            Column::Role => "role",
            Column::Party => "party",
            Column::Address => "address",
            Column::Country => "country",
            Column::Material => "material",
            Column::Parent => "parent",
            Column::DocumentType => "document_type",
            Column::Reference => "reference",
        }
    }

    /// Parse a canonical name (as given to `--map`).
    pub fn from_name(s: &str) -> Option<Column> {
        let k = normalise_header(s);
        Column::ALL
            .into_iter()
            .find(|c| normalise_header(c.name()) == k)
    }

    /// Header spellings recognised for this column (compared after [`normalise_header`]).
    /// The first entry is the canonical name itself.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::ShipmentId => &[
                "shipment_id",
                "shipment",
                "shipment no",
                "shipment number",
                "entry number",
                "entry no",
                "entry",
                "entry id",
                "bill of lading",
                "bill of lading number",
                "bol",
                "bol number",
                "bol no",
                "bill of lading no",
                "b/l",
                "b/l no",
                "b/l number",
                "mbl number",
                "hbl number",
                "master bill of lading",
                "house bill of lading",
                "bl number",
                "bl no",
                "mbl",
                "hbl",
                "运单号",
                "提单号",
                "po number",
                "po no",
                "po",
                "purchase order",
                "purchase order number",
                "order number",
                "order no",
            ],
            Column::Line => &[
                "line",
                "line no",
                "line number",
                "line item",
                "item",
                "item no",
                "entry line",
                "invoice line",
                "行号",
                "序号",
            ],
            Column::EntryDate => &[
                "entry_date",
                "date",
                "entry dt",
                "import date",
                "arrival date",
                "date of entry",
                "日期",
                "进口日期",
                "po date",
                "order date",
                "invoice date",
            ],
            Column::Importer => &[
                "importer",
                "importer of record",
                "ior",
                "consignee",
                "consignee name",
                "consignee party name",
                "buyer",
                "进口商",
                "收货人",
            ],
            Column::Supplier => &[
                "supplier",
                "supplier name",
                "seller",
                "seller name",
                "exporter",
                "exporter name",
                "shipper",
                "shipper name",
                "vendor",
                "vendor name",
                "vendor nm",
                "supplier nm",
                "shipper party",
                "shipper party name",
                "ship from",
                "ship from name",
                "name",
                "company name",
                "供应商",
                "卖方",
                "出口商",
                "发货人",
                "供應商",
                "賣方",
                "出口商",
                "發貨人",
                "仕入先",
                "供給者",
                "輸出者",
                "荷送人",
                "공급업체",
                "공급자",
                "수출자",
                "판매자",
                "lieferant",
                "verkäufer",
                "fournisseur",
                "proveedor",
            ],
            Column::SupplierAddress => &[
                "supplier_address",
                "supplier addr",
                "seller address",
                "exporter address",
                "shipper address",
                "vendor address",
                "address",
                "供应商地址",
                "地址",
                "供應商地址",
                "住所",
                "주소",
                "adresse",
                "anschrift",
                "dirección",
            ],
            Column::Manufacturer => &[
                "manufacturer",
                "manufacturer name",
                "producer",
                "producer name",
                "factory",
                "factory name",
                "facility name",
                "facility",
                "mid",
                "mid name",
                "maker",
                "mfr",
                "mfg",
                "生产商",
                "制造商",
                "工厂",
                "製造商",
                "工廠",
                "製造者",
                "メーカー",
                "제조사",
                "제조업체",
                "생산자",
                "hersteller",
                "fabricant",
                "fabricante",
            ],
            Column::ManufacturerAddress => &[
                "manufacturer_address",
                "manufacturer addr",
                "producer address",
                "factory address",
                "facility address",
                "mid address",
                "mfr address",
                "生产商地址",
                "制造商地址",
                "工厂地址",
            ],
            Column::CountryOfOrigin => &[
                "country_of_origin",
                "coo",
                "origin",
                "country of origin",
                "origin country",
                "country",
                // As declarations and buyers' sheets head it (trial 12: "Made In" and
                // "Country of Manufacture" fed nothing).
                "made in",
                "origin ctry",
                "ctry of origin",
                "country of manufacture",
                "manufacturing country",
                "country of production",
                "producing country",
                "origin of goods",
                "place of origin",
                "原产国",
                "原产地",
                "原產國",
                "原產地",
                "原産国",
                "원산지",
                "ursprungsland",
                "pays d'origine",
                "país de origen",
            ],
            Column::HtsCode => &[
                "hts_code",
                "hts",
                "htsus",
                "hts number",
                "hts no",
                "hs code",
                "hs",
                "hscode",
                "tariff number",
                "tariff code",
                "tariff",
                "commodity code",
                "海关编码",
                "hs编码",
                "税号",
                "稅號",
                "HSコード",
                "関税番号",
                "세번",
                "HS부호",
                "zolltarifnummer",
                "warennummer",
            ],
            Column::Description => &[
                "description",
                "goods description",
                "product description",
                "item description",
                // Trial 12: these fed nothing, silently.
                "description of goods",
                "goods desc",
                "item desc",
                "product details",
                "product detail",
                "item details",
                "goods details",
                "product name",
                "item name",
                "material description",
                "line description",
                "commodity description",
                "commodity",
                "product",
                "goods",
                "desc",
                "merchandise",
                "product type",
                "product types",
                "products",
                "product category",
                "sector",
                "品名",
                "货物描述",
                "描述",
                "貨物描述",
                "商品名",
                "品目",
                "품명",
                "상품명",
                "품목",
                "warenbeschreibung",
                "bezeichnung",
                "désignation",
            ],
            Column::Quantity => &["quantity", "qty", "pieces", "pcs", "数量"],
            Column::Unit => &["unit", "uom", "unit of measure", "qty unit", "单位"],
            Column::Value => &[
                "value",
                "declared value",
                "entered value",
                "amount",
                "invoice value",
                "total value",
                "line value",
                "customs value",
                "fob value",
                "金额",
                "货值",
                "总价",
                "wert",
                "betrag",
                "montant",
                "valor",
            ],
            Column::Currency => &[
                "currency",
                "curr",
                "ccy",
                "currency code",
                "币种",
                "币制",
                "währung",
                "devise",
                "moneda",
            ],
            Column::Tier => &[
                "tier",
                "tier no",
                "tier number",
                "level",
                "stage no",
                "层级",
            ],
            Column::Role => &[
                "role", "function", "stage", "process", "activity", "type", "角色", "环节",
            ],
            Column::Party => &[
                "party",
                "party name",
                "company",
                "company name",
                "name",
                "supplier",
                "supplier name",
                "entity",
                "producer",
                "facility",
                "企业",
                "公司",
            ],
            Column::Address => &[
                "address",
                "party address",
                "location",
                "facility address",
                "地址",
            ],
            Column::Country => &[
                "country",
                "party country",
                "country of origin",
                "coo",
                "origin",
                "国家",
            ],
            Column::Material => &[
                "material",
                "input",
                "component",
                "item",
                "goods",
                "product",
                "raw material",
                "材料",
                "原料",
            ],
            Column::Parent => &[
                "parent",
                "parent party",
                "supplies to",
                "customer",
                "buyer",
                "上游",
                "下游",
            ],
            Column::DocumentType => &[
                "document_type",
                "document",
                "document type",
                "doc type",
                "type",
                "文件类型",
            ],
            Column::Reference => &[
                "reference",
                "ref",
                "document number",
                "doc no",
                "number",
                "link",
                "编号",
            ],
        }
    }

    /// Columns whose text several columns compose, in file order: a party's address from
    /// its street, address lines, district, city, state, postcode and country columns, and
    /// the goods from several description columns.
    pub fn is_composed(self) -> bool {
        matches!(
            self,
            Column::SupplierAddress | Column::ManufacturerAddress | Column::Description
        )
    }

    /// Columns whose text is screened as a party name or an address when a *second*
    /// header of the same kind appears (e.g. both `Seller` and `Exporter`).
    pub fn is_party_text(self) -> bool {
        matches!(
            self,
            Column::Supplier
                | Column::SupplierAddress
                | Column::Manufacturer
                | Column::ManufacturerAddress
        )
    }
}

/// Normalise a header for alias comparison: lower case, letters, digits and Chinese only.
pub fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The parties whose address may be spread over several columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Supplier,
    Manufacturer,
    Consignee,
}

/// Header prefixes (normalised) that name a party, longest first.
const ROLE_PREFIXES: &[(&str, Role)] = &[
    ("shipperparty", Role::Supplier),
    ("shipfrom", Role::Supplier),
    ("shipper", Role::Supplier),
    ("supplier", Role::Supplier),
    ("seller", Role::Supplier),
    ("exporter", Role::Supplier),
    ("vendor", Role::Supplier),
    ("manufacturer", Role::Manufacturer),
    ("producer", Role::Manufacturer),
    ("factory", Role::Manufacturer),
    ("facility", Role::Manufacturer),
    ("mfr", Role::Manufacturer),
    ("mfg", Role::Manufacturer),
    ("mid", Role::Manufacturer),
    ("maker", Role::Manufacturer),
    ("consigneeparty", Role::Consignee),
    ("consignee", Role::Consignee),
    ("notifyparty", Role::Consignee),
    ("shipto", Role::Consignee),
    ("buyer", Role::Consignee),
    ("importer", Role::Consignee),
];

/// What an address part column may be called after its party prefix (normalised, digits
/// at the end dropped: `address1`, `addressline2`).
const PART_NAMES: &[&str] = &[
    "address",
    "addr",
    "addressline",
    "street",
    "streetaddress",
    "district",
    "city",
    "town",
    "state",
    "province",
    "stateprovince",
    "stateorprovince",
    "region",
    "county",
    "postcode",
    "postalcode",
    "zip",
    "zipcode",
    "country",
    "countrycode",
];

impl Role {
    fn of_column(c: Column) -> Option<Role> {
        match c {
            Column::Supplier | Column::SupplierAddress => Some(Role::Supplier),
            Column::Manufacturer | Column::ManufacturerAddress => Some(Role::Manufacturer),
            Column::Importer => Some(Role::Consignee),
            _ => None,
        }
    }

    /// The party a normalised header begins with, if any.
    fn named_in(n: &str) -> Option<Role> {
        ROLE_PREFIXES
            .iter()
            .find(|(p, _)| n.starts_with(p))
            .map(|(_, r)| *r)
    }

    /// The screened address column of the party (`None`: carried only).
    fn address(self) -> Option<Column> {
        match self {
            Role::Supplier => Some(Column::SupplierAddress),
            Role::Manufacturer => Some(Column::ManufacturerAddress),
            Role::Consignee => None,
        }
    }
}

/// Whether a normalised header is an address part: `Some(Some(role))` when it names its
/// party (`shipperpartyaddress1`, `factorycity`), `Some(None)` when bare (`city`,
/// `stateprovince`, `zipcode`, `address2`). A bare `address` or `country` is not a part
/// (they are `supplier_address` and `country_of_origin`).
fn address_part(n: &str) -> Option<Option<Role>> {
    let (role, rest) = ROLE_PREFIXES
        .iter()
        .find_map(|(p, r)| n.strip_prefix(p).map(|rest| (Some(*r), rest)))
        .unwrap_or((None, n));
    let rest = rest.strip_prefix("party").unwrap_or(rest);
    let base = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    if !PART_NAMES.contains(&base) {
        return None;
    }
    if role.is_none() && matches!(rest, "address" | "addr" | "country" | "countrycode") {
        return None;
    }
    Some(role)
}

/// Whether a normalised header looks like a party's, a place's or the goods' data: such a
/// column that feeds nothing is named in a warning (trial 12: "Product Details" and
/// "item_desc" were ignored without a word).
fn looks_like_party_or_place(n: &str) -> bool {
    const WORDS: &[&str] = &[
        "desc",
        "goods",
        "commodity",
        "merchandise",
        "detail",
        "content",
        "composition",
        "made",
        "manufactur",
        "品名",
        "货物",
        "商品",
        "name",
        "address",
        "addr",
        "street",
        "city",
        "province",
        "state",
        "zip",
        "postcode",
        "postal",
        "country",
        "company",
        "party",
        "shipper",
        "consignee",
        "notify",
        "factory",
        "facility",
        "manufacturer",
        "producer",
        "supplier",
        "vendor",
        "seller",
        "buyer",
        "exporter",
        "importer",
        "origin",
        "location",
        "region",
        "district",
        "mill",
        "farm",
        "grower",
        "ginner",
        "spinner",
        "weaver",
        "smelter",
        "refiner",
        "mine",
        "plant",
        "site",
        "source",
        "port",
        "place",
        "loading",
        "receipt",
        "地址",
        "公司",
        "工厂",
        "省",
        "市",
    ];
    WORDS.iter().any(|w| n.contains(w))
}

/// Headers for a message: the first 20, and how many more.
fn shown(headers: &[String]) -> String {
    if headers.len() <= 20 {
        headers.join(", ")
    } else {
        format!(
            "{} ... and {} more",
            headers[..20].join(", "),
            headers.len() - 20
        )
    }
}

/// How a file's columns map onto the canonical ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Header names as shown (duplicates get ` (2)`, blanks get `column N`).
    pub headers: Vec<String>,
    /// Canonical column -> index into `headers`.
    pub canon: HashMap<Column, usize>,
    /// Further party-name or address columns of the same kind as a canonical one, which
    /// are screened too: (index, kind).
    pub extra: Vec<(usize, Column)>,
    /// The `--map` entries that applied to this file.
    pub maps_used: Vec<(Column, String)>,
    /// Columns composed of several physical columns, in file order (joined with `", "`):
    /// a party's address spread over address lines, city, state and postcode, or several
    /// description columns. The first index is also the column's entry in `canon`.
    pub parts: Vec<(Column, Vec<usize>)>,
    /// Address parts of a party that is not screened (the consignee): carried only.
    pub carried: Vec<usize>,
    /// `canon` as an array indexed by `Column as usize`, for the per-row look-ups.
    slots: [Option<u32>; SLOTS],
}

/// Room for every [`Column`] in [`Layout`]'s look-up array.
const SLOTS: usize = 32;
const _: () = assert!((Column::Reference as usize) < SLOTS);

impl Layout {
    /// Resolve a header row. `maps` are `--map canonical=Header` overrides.
    pub fn resolve(raw_headers: &[String], maps: &[(Column, String)]) -> Result<Layout, String> {
        Layout::resolve_for(raw_headers, maps, Schema::Manifest)
    }

    /// Resolve a header row for a kind of file; `--map` entries of other schemas are ignored.
    /// Takes time linear in the number of columns.
    pub fn resolve_for(
        raw_headers: &[String],
        maps: &[(Column, String)],
        schema: Schema,
    ) -> Result<Layout, String> {
        let mut headers: Vec<String> = Vec::with_capacity(raw_headers.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(raw_headers.len());
        let mut next_suffix: HashMap<String, usize> = HashMap::new();
        for (i, h) in raw_headers.iter().enumerate() {
            let h = h.trim_start_matches('\u{feff}').trim();
            let mut name = if h.is_empty() {
                format!("column {}", i + 1)
            } else {
                h.to_string()
            };
            if seen.contains(&name) {
                let n = next_suffix.entry(h.to_string()).or_insert(2);
                loop {
                    name = format!("{h} ({n})");
                    *n += 1;
                    if !seen.contains(&name) {
                        break;
                    }
                }
            }
            seen.insert(name.clone());
            headers.push(name);
        }
        drop(seen);
        let norm: Vec<String> = raw_headers.iter().map(|h| normalise_header(h)).collect();
        let mut layout = Layout {
            headers,
            ..Layout::default()
        };
        let mut taken = vec![false; norm.len()];
        // `--map`: a header as written, else as normalised; repeating a composed column
        // appends, repeating a party name adds a screened column.
        let mut by_raw: HashMap<&str, usize> = HashMap::new();
        let mut by_norm: HashMap<&str, usize> = HashMap::new();
        if maps.iter().any(|(c, _)| schema.columns().contains(c)) {
            for (i, h) in raw_headers.iter().enumerate() {
                by_raw.entry(h.trim()).or_insert(i);
                by_norm.entry(norm[i].as_str()).or_insert(i);
            }
        }
        let mut mapped_parts: HashMap<Column, Vec<usize>> = HashMap::new();
        for (col, header) in maps.iter().filter(|(c, _)| schema.columns().contains(c)) {
            let want = normalise_header(header);
            let Some(i) = by_raw
                .get(header.trim())
                .or_else(|| by_norm.get(want.as_str()))
                .copied()
            else {
                continue;
            };
            layout.maps_used.push((*col, header.clone()));
            match layout.canon.get(col) {
                None => {
                    layout.canon.insert(*col, i);
                    mapped_parts.entry(*col).or_default().push(i);
                }
                Some(&first) if first == i => {}
                Some(_) if col.is_composed() => mapped_parts.entry(*col).or_default().push(i),
                Some(_) if col.is_party_text() => layout.extra.push((i, *col)),
                Some(&first) => {
                    return Err(format!(
                        "--map {}= names two columns ('{}' and '{}'); a {} is read from one column",
                        col.name(),
                        layout.headers[first],
                        layout.headers[i],
                        col.name()
                    ));
                }
            }
            taken[i] = true;
        }
        // Aliases: the earliest alias wins; a second column of the same kind is an error
        // for typed columns, an extra screened column for party text, and part of the
        // text for descriptions.
        let mut alias_of: HashMap<String, Vec<(Column, usize)>> = HashMap::new();
        for &col in schema.columns() {
            for (rank, a) in col.aliases().iter().enumerate() {
                let v = alias_of.entry(normalise_header(a)).or_default();
                if !v.iter().any(|(c, _)| *c == col) {
                    v.push((col, rank));
                }
            }
        }
        let mut found: HashMap<Column, Vec<(usize, usize)>> = HashMap::new(); // (rank, index)
        for (i, n) in norm.iter().enumerate() {
            if taken[i] {
                continue;
            }
            if let Some(v) = alias_of.get(n) {
                for &(col, rank) in v {
                    found.entry(col).or_default().push((rank, i));
                }
            }
        }
        for &col in schema.columns() {
            if layout.canon.contains_key(&col) {
                continue;
            }
            let Some(mut hits) = found.remove(&col) else {
                continue;
            };
            hits.retain(|&(_, i)| !taken[i]);
            hits.sort();
            let Some(&(_, first)) = hits.first() else {
                continue;
            };
            layout.canon.insert(col, first);
            taken[first] = true;
            for &(_, other) in &hits[1..] {
                if col == Column::Description {
                    mapped_parts
                        .entry(col)
                        .or_insert_with(|| vec![first])
                        .push(other);
                    taken[other] = true;
                } else if col.is_party_text() {
                    layout.extra.push((other, col));
                    taken[other] = true;
                } else {
                    return Err(format!(
                        "columns '{}' and '{}' both look like {}; choose one with --map {}=HEADER",
                        layout.headers[first],
                        layout.headers[other],
                        col.name(),
                        col.name()
                    ));
                }
            }
        }
        if schema == Schema::Manifest {
            layout.address_parts(&norm, &mut taken, &mut mapped_parts);
        }
        for (col, mut idx) in mapped_parts {
            idx.sort_unstable();
            idx.dedup();
            if idx.len() > 1 {
                layout.canon.insert(col, idx[0]);
                layout.parts.push((col, idx));
            }
        }
        layout.parts.sort();
        if layout.canon.is_empty() {
            return Err(format!(
                "none of the columns ({}) is one the screen reads; name them as in docs/manifest-format.md or use --map CANONICAL=HEADER",
                shown(&layout.headers)
            ));
        }
        if !schema.needs().iter().any(|c| layout.canon.contains_key(c)) {
            let names: Vec<&str> = schema.needs().iter().map(|c| c.name()).collect();
            return Err(format!(
                "no column to screen: need at least one of {} (found: {})",
                names.join(", "),
                shown(&layout.headers)
            ));
        }
        let missing: Vec<&str> = schema
            .requires()
            .iter()
            .filter(|c| !layout.canon.contains_key(c))
            .map(|c| c.name())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "missing column{} {} (found: {}); use --map CANONICAL=HEADER",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                shown(&layout.headers)
            ));
        }
        for (c, i) in &layout.canon {
            layout.slots[*c as usize] = Some(*i as u32);
        }
        Ok(layout)
    }

    /// Address lines, street, district, city, state, postcode and (prefixed) country
    /// columns: each belongs to the party its header names (`shipper_city`), else to the
    /// party of the nearest party column before it (`city` after `shipper_address_1`),
    /// else to the supplier. A party's parts and its address column compose its address.
    fn address_parts(
        &mut self,
        norm: &[String],
        taken: &mut [bool],
        parts: &mut HashMap<Column, Vec<usize>>,
    ) {
        let mut role = Role::Supplier;
        let mut role_at: HashMap<usize, Role> = HashMap::new();
        for (c, &i) in &self.canon {
            if let Some(r) = Role::of_column(*c) {
                role_at.insert(i, r);
            }
        }
        for &(i, c) in &self.extra {
            if let Some(r) = Role::of_column(c) {
                role_at.insert(i, r);
            }
        }
        for (i, n) in norm.iter().enumerate() {
            if let Some(&r) = role_at.get(&i) {
                role = r;
                continue;
            }
            if taken[i] {
                continue;
            }
            let Some(named) = address_part(n) else {
                // A party column the aliases do not know still starts its party's parts.
                if let Some(r) = Role::named_in(n) {
                    role = r;
                }
                continue;
            };
            let r = named.unwrap_or(role);
            role = r;
            taken[i] = true;
            match r.address() {
                Some(col) => {
                    let v = parts.entry(col).or_default();
                    if v.is_empty() {
                        if let Some(&a) = self.canon.get(&col) {
                            v.push(a);
                        }
                    }
                    v.push(i);
                    self.canon.entry(col).or_insert(i);
                }
                None => self.carried.push(i),
            }
        }
    }

    /// What feeds what, for people: each screened or typed column and the header(s) it is
    /// read from, then the columns that look like goods, party or place data but feed nothing.
    pub fn describe(&self) -> (Vec<String>, Vec<String>) {
        let quote = |i: usize| format!("'{}'", self.headers[i]);
        let mut feeds = Vec::new();
        for c in Column::ALL.iter().chain(
            [
                Column::Tier,
                Column::Role,
                Column::Party,
                Column::Address,
                Column::Country,
                Column::Material,
                Column::Parent,
                Column::DocumentType,
                Column::Reference,
            ]
            .iter(),
        ) {
            let Some(&i) = self.canon.get(c) else {
                continue;
            };
            let from = match self.parts.iter().find(|(pc, _)| pc == c) {
                Some((_, idx)) => idx
                    .iter()
                    .map(|&i| quote(i))
                    .collect::<Vec<_>>()
                    .join(" + "),
                None => quote(i),
            };
            feeds.push(format!("{} <- {from}", c.name()));
            for &(j, _) in self.extra.iter().filter(|(_, ec)| ec == c) {
                feeds.push(format!("{} (screened too) <- {}", c.name(), quote(j)));
            }
        }
        if !self.carried.is_empty() {
            let from: Vec<String> = self.carried.iter().map(|&i| quote(i)).collect();
            feeds.push(format!(
                "consignee address (carried, not screened) <- {}",
                from.join(" + ")
            ));
        }
        let used: HashSet<usize> = self
            .canon
            .values()
            .copied()
            .chain(self.extra.iter().map(|(i, _)| *i))
            .chain(self.parts.iter().flat_map(|(_, v)| v.iter().copied()))
            .chain(self.carried.iter().copied())
            .collect();
        let unused = (0..self.headers.len())
            .filter(|i| !used.contains(i))
            .filter(|&i| looks_like_party_or_place(&normalise_header(&self.headers[i])))
            .map(|i| self.headers[i].clone())
            .collect();
        (feeds, unused)
    }

    /// Index of a canonical column, if present.
    #[inline]
    pub fn index(&self, col: Column) -> Option<usize> {
        self.slots[col as usize].map(|i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aliases_are_case_and_punctuation_insensitive() {
        let l = Layout::resolve(
            &h(&[
                "Entry No.",
                "Vendor Name",
                "HTS Code",
                "COO",
                "Declared Value",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(l.index(Column::ShipmentId), Some(0));
        assert_eq!(l.index(Column::Supplier), Some(1));
        assert_eq!(l.index(Column::HtsCode), Some(2));
        assert_eq!(l.index(Column::CountryOfOrigin), Some(3));
        assert_eq!(l.index(Column::Value), Some(4));
    }

    #[test]
    fn chinese_headers() {
        let l = Layout::resolve(&h(&["供应商", "地址", "品名", "海关编码"]), &[]).unwrap();
        assert_eq!(l.index(Column::Supplier), Some(0));
        assert_eq!(l.index(Column::SupplierAddress), Some(1));
        assert_eq!(l.index(Column::Description), Some(2));
        assert_eq!(l.index(Column::HtsCode), Some(3));
    }

    #[test]
    fn map_overrides_and_second_party_column_is_screened() {
        let l = Layout::resolve(
            &h(&["Seller", "Exporter", "Ship From"]),
            &[(Column::SupplierAddress, "Ship From".into())],
        )
        .unwrap();
        assert_eq!(l.index(Column::Supplier), Some(0));
        assert_eq!(l.extra, vec![(1, Column::Supplier)]);
        assert_eq!(l.index(Column::SupplierAddress), Some(2));
    }

    #[test]
    fn two_value_columns_is_an_error() {
        let e = Layout::resolve(&h(&["supplier", "Value", "Amount"]), &[]).unwrap_err();
        assert!(
            e.contains("'Value' and 'Amount' both look like value"),
            "{e}"
        );
    }

    #[test]
    fn no_known_column_is_an_error() {
        let e = Layout::resolve(&h(&["foo", "bar"]), &[]).unwrap_err();
        assert!(e.contains("foo, bar"), "{e}");
    }

    #[test]
    fn duplicate_and_blank_headers_get_unique_names() {
        let l = Layout::resolve(&h(&["supplier", "note", "note", ""]), &[]).unwrap();
        assert_eq!(l.headers, vec!["supplier", "note", "note (2)", "column 4"]);
    }
}
