//! The worked TLV examples of LwM2M 1.0 §6.4.3 (Device, Access Control, Server, object links),
//! decoded against their request paths with the core object model and encoded back.

use m2mwire_core::Encode;
use m2mwire_lwm2m::{
    Content, DecodeOptions, Lwm2mErrorKind as K, Model, ObjectDef, ObjectLink, Operations,
    OwnedTlvs, Path, ResourceDef, ResourceType, Tlvs, Value, decode_tlv,
};
use std::borrow::Cow;

/// Test bytes live for the whole test run, so decoded views may borrow them freely.
fn hex(s: &str) -> &'static [u8] {
    let s: String = s.split_whitespace().collect();
    let v: Vec<u8> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect();
    v.leak()
}

const DEVICE: &str = "C800144F70656E204D6F62696C6520416C6C69616E6365
    C801164C69676874776569676874204D324D20436C69656E74 C80209333435303030313233 C303312E30
    86064100014101 05 88070842000ED842011388 870841007D42010384 C10964 C10A0F 830B410000
    C40D5182428F C60E2B30323A3030 C11055";

fn path(s: &str) -> Path {
    s.parse().unwrap()
}

fn strict() -> DecodeOptions {
    DecodeOptions::strict()
}

fn check_device(i: &m2mwire_lwm2m::Instance<'_>) {
    assert_eq!(i.id, 0);
    let single = |id| i.resource(id).unwrap().single().copied().unwrap();
    assert_eq!(single(0), Value::String("Open Mobile Alliance"));
    assert_eq!(single(1), Value::String("Lightweight M2M Client"));
    assert_eq!(single(2), Value::String("345000123"));
    assert_eq!(single(3), Value::String("1.0"));
    let power = i.resource(6).unwrap();
    assert_eq!(power.instance(0), Some(&Value::Integer(1)));
    assert_eq!(power.instance(1), Some(&Value::Integer(5)));
    assert_eq!(
        i.resource(7).unwrap().instance(0),
        Some(&Value::Integer(3800))
    );
    assert_eq!(
        i.resource(7).unwrap().instance(1),
        Some(&Value::Integer(5000))
    );
    assert_eq!(
        i.resource(8).unwrap().instance(1),
        Some(&Value::Integer(900))
    );
    assert_eq!(single(9), Value::Integer(100));
    assert_eq!(single(10), Value::Integer(15));
    assert_eq!(
        i.resource(11).unwrap().instance(0),
        Some(&Value::Integer(0))
    );
    assert_eq!(single(13), Value::Time(1_367_491_215));
    assert_eq!(single(14), Value::String("+02:00"));
    assert_eq!(single(16), Value::String("U"));
}

#[test]
fn device_instance_as_bare_resources() {
    let bytes = hex(DEVICE);
    let c = decode_tlv(bytes, &path("/3/0"), &Model::core(), &strict()).unwrap();
    let Content::Instance(i) = &c else {
        panic!("{c:?}")
    };
    check_device(i);
    // The spec's bytes are the canonical encoding of their values.
    assert_eq!(c.to_tlvs().unwrap().encode_to_vec().unwrap(), bytes);
}

#[test]
fn device_instance_wrapped_in_an_object_instance() {
    let mut bytes = hex("080079").to_vec();
    bytes.extend(hex(DEVICE));
    let bytes: &[u8] = bytes.leak();
    let c = decode_tlv(bytes, &path("/3/0"), &Model::core(), &strict()).unwrap();
    let Content::Instance(i) = &c else { panic!() };
    check_device(i);
    // The same payload read for the object path is one instance.
    let Content::Object(o) = decode_tlv(bytes, &path("/3"), &Model::core(), &strict()).unwrap()
    else {
        panic!()
    };
    check_device(&o[0]);
    // Wrong instance id in the path.
    let e = decode_tlv(bytes, &path("/3/1"), &Model::core(), &strict()).unwrap_err();
    assert_eq!((e.kind, e.offset), (K::PathMismatch, 1));
    // Bare resources for an object path are not an object.
    let e = decode_tlv(hex(DEVICE), &path("/3"), &Model::core(), &strict()).unwrap_err();
    assert_eq!((e.kind, e.offset), (K::PathMismatch, 0));
}

#[test]
fn access_control_two_instances_with_a_16_bit_resource_instance_id() {
    let bytes =
        hex("08000EC10001C101008302417F07C1037F 080212C10003C101008702417F0761013601C1037F");
    let Content::Object(o) = decode_tlv(bytes, &path("/2"), &Model::core(), &strict()).unwrap()
    else {
        panic!()
    };
    assert_eq!(o.len(), 2);
    assert_eq!(o[0].resource(0).unwrap().single(), Some(&Value::Integer(1)));
    assert_eq!(
        o[0].resource(2).unwrap().instance(127),
        Some(&Value::Integer(7))
    );
    assert_eq!(o[1].id, 2);
    assert_eq!(
        o[1].resource(2).unwrap().instance(310),
        Some(&Value::Integer(1))
    );
    assert_eq!(
        o[1].resource(3).unwrap().single(),
        Some(&Value::Integer(127))
    );
    let c = Content::Object(o);
    assert_eq!(c.to_tlvs().unwrap().encode_to_vec().unwrap(), bytes);
}

#[test]
fn server_object_with_one_instance() {
    let bytes = hex("08000FC10001C40100015180C10601C10755");
    let c = decode_tlv(bytes, &path("/1"), &Model::core(), &strict()).unwrap();
    let Content::Object(o) = &c else { panic!() };
    assert_eq!(
        o[0].resource(1).unwrap().single(),
        Some(&Value::Integer(86400))
    );
    assert_eq!(
        o[0].resource(6).unwrap().single(),
        Some(&Value::Boolean(true))
    );
    assert_eq!(
        o[0].resource(7).unwrap().single(),
        Some(&Value::String("U"))
    );
    assert_eq!(c.to_tlvs().unwrap().encode_to_vec().unwrap(), bytes);
}

fn link_model() -> Model {
    let res = |id, ty, multiple| ResourceDef {
        id,
        name: Cow::Borrowed("r"),
        operations: Operations::R,
        multiple,
        mandatory: false,
        ty,
    };
    let mut m = Model::new();
    m.insert(ObjectDef {
        id: 65,
        name: Cow::Borrowed("links"),
        version: Cow::Borrowed("1.0"),
        multiple: false,
        mandatory: false,
        resources: Cow::Owned(vec![
            res(0, ResourceType::Objlnk, true),
            res(1, ResourceType::String, false),
            res(2, ResourceType::Integer, false),
        ]),
    });
    m.insert(ObjectDef {
        id: 66,
        name: Cow::Borrowed("linked"),
        version: Cow::Borrowed("1.0"),
        multiple: true,
        mandatory: false,
        resources: Cow::Owned(vec![
            res(0, ResourceType::String, false),
            res(1, ResourceType::String, false),
            res(2, ResourceType::Objlnk, false),
        ]),
    });
    m
}

#[test]
fn object_links() {
    let m = link_model();
    let bytes = hex("88000C440000420000440100420001C8010D38363133383030373535353030C40212345678");
    let Content::Instance(i) = decode_tlv(bytes, &path("/65/0"), &m, &strict()).unwrap() else {
        panic!()
    };
    let link = |object, instance| Value::Objlnk(ObjectLink { object, instance });
    assert_eq!(i.resource(0).unwrap().instance(0), Some(&link(66, 0)));
    assert_eq!(i.resource(0).unwrap().instance(1), Some(&link(66, 1)));
    assert_eq!(
        i.resource(1).unwrap().single(),
        Some(&Value::String("8613800755500"))
    );
    assert_eq!(
        i.resource(2).unwrap().single(),
        Some(&Value::Integer(305_419_896))
    );

    let bytes = hex(
        "080026C8000B6D79536572766963652031C8010F496E7465726E65742E31352E323334C40200430000
         080126C8000B6D79536572766963652032C8010F496E7465726E65742E31352E323335C402FFFFFFFF",
    );
    let Content::Object(o) = decode_tlv(bytes, &path("/66"), &m, &strict()).unwrap() else {
        panic!()
    };
    assert_eq!(o[0].resource(2).unwrap().single(), Some(&link(67, 0)));
    assert_eq!(
        o[1].resource(2).unwrap().single(),
        Some(&Value::Objlnk(ObjectLink::NULL))
    );
}

#[test]
fn resource_paths() {
    let m = Model::core();
    // A bare list of resource instances for a multiple resource (Leshan accepts it).
    let c = decode_tlv(hex("410001410105"), &path("/3/0/6"), &m, &strict()).unwrap();
    let Content::Resource(r) = &c else { panic!() };
    assert_eq!(r.instance(1), Some(&Value::Integer(5)));
    // The encoder writes the Multiple Resource form.
    assert_eq!(
        c.to_tlvs().unwrap().encode_to_vec().unwrap(),
        hex("86064100014101 05")
    );
    let c = decode_tlv(hex("86064100014101 05"), &path("/3/0/6"), &m, &strict()).unwrap();
    assert!(matches!(c, Content::Resource(_)));
    // One resource instance.
    let c = decode_tlv(hex("410105"), &path("/3/0/6/1"), &m, &strict()).unwrap();
    assert_eq!(c, Content::ResourceInstance(1, Value::Integer(5)));
    // A second TLV after the one the path names.
    let e = decode_tlv(hex("C10964C10A0F"), &path("/3/0/9"), &m, &strict()).unwrap_err();
    assert_eq!((e.kind, e.offset), (K::TrailingBytes, 3));
    // The wrong resource.
    let e = decode_tlv(hex("C10A0F"), &path("/3/0/9"), &m, &strict()).unwrap_err();
    assert_eq!((e.kind, e.offset), (K::PathMismatch, 1));
    // An executable resource has no value.
    let e = decode_tlv(hex("C10400"), &path("/3/0/4"), &m, &strict()).unwrap_err();
    assert_eq!(e.kind, K::UnsupportedType);
    // Unknown resources of an unknown object read as Opaque.
    let c = decode_tlv(hex("C1FF01"), &path("/9999/0"), &m, &strict()).unwrap();
    let Content::Instance(i) = c else { panic!() };
    assert_eq!(i.resources[0].single(), Some(&Value::Opaque(&[1])));
}

#[test]
fn the_field_bugs() {
    let m = Model::core();
    // Battery level 129 sent as one byte is -127: Integer is signed.
    let c = decode_tlv(hex("C10981"), &path("/3/0/9"), &m, &strict()).unwrap();
    let Content::Resource(r) = &c else { panic!() };
    assert_eq!(r.single(), Some(&Value::Integer(-127)));
    // Its correct form is two bytes.
    let c = Content::Resource(m2mwire_lwm2m::Resource {
        id: 9,
        value: m2mwire_lwm2m::ResourceValue::Single(Value::Integer(129)),
    });
    assert_eq!(
        c.to_tlvs().unwrap().encode_to_vec().unwrap(),
        hex("C2090081")
    );
    // An 8-byte float is read as 8 bytes, never as 4.
    let c = decode_tlv(
        hex("C800083FB999999999999A"),
        &path("/6/0/0"),
        &m,
        &strict(),
    )
    .unwrap();
    let Content::Resource(r) = &c else { panic!() };
    assert_eq!(r.single(), Some(&Value::Float(0.1)));
    assert_eq!(
        c.to_tlvs().unwrap().encode_to_vec().unwrap(),
        hex("C800083FB999999999999A")
    );
    // An empty object instance is valid.
    let c = decode_tlv(hex("0000"), &path("/3"), &m, &strict()).unwrap();
    assert_eq!(
        c,
        Content::Object(vec![m2mwire_lwm2m::Instance {
            id: 0,
            resources: vec![]
        }])
    );
}

#[test]
fn non_minimal_forms_decode_and_re_encode_byte_exact() {
    // 16-bit id below 256, and a 1-byte Length field where bits 2-0 would do.
    let bytes = hex("E1000001 C8010101");
    let t = Tlvs::decode(bytes, &strict()).unwrap();
    assert_eq!(OwnedTlvs::from_tlvs(&t).encode_to_vec().unwrap(), bytes);
    let ids: Vec<u16> = t.iter().map(|t| t.id).collect();
    assert_eq!(ids, [0, 1]);
}
