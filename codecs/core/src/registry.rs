//! The `registry!` macro: numeric code registries as open newtypes.

/// Declares a numeric registry as a newtype with one associated constant per registered value.
///
/// Any value of the underlying integer is representable, so an unregistered code decodes,
/// prints as its number, and re-encodes unchanged; registered ones print their name.
///
/// ```
/// m2mwire_core::registry! {
///     /// Colours of the example protocol.
///     pub struct Colour(u8) {
///         /// Red light.
///         RED = 1 => "Red",
///         /// Green light.
///         GREEN = 2 => "Green",
///     }
/// }
/// assert_eq!(Colour::RED.name(), Some("Red"));
/// assert_eq!(format!("{:?}", Colour(2)), "Green");
/// assert_eq!(format!("{:?}", Colour(9)), "Colour(9)");
/// assert_eq!(Colour::from_name("Green"), Some(Colour::GREEN));
/// assert_eq!(Colour::REGISTERED.len(), 2);
/// ```
#[macro_export]
macro_rules! registry {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($int:ty) {
            $(
                $(#[$cmeta:meta])*
                $konst:ident = $value:expr => $text:expr
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        $vis struct $name(pub $int);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $konst: $name = $name($value);
            )*

            /// Every registered value, in declaration order.
            pub const REGISTERED: &'static [$name] = &[$($name::$konst),*];

            /// The registered name, or `None` for an unregistered value.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(v if v == $value => Some($text),)*
                    _ => None,
                }
            }

            /// The value registered under `name` (exact match).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $(n if n == $text => Some($name::$konst),)*
                    _ => None,
                }
            }

            /// True if the value is registered.
            pub const fn is_registered(self) -> bool {
                self.name().is_some()
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl ::core::convert::From<$int> for $name {
            fn from(v: $int) -> Self {
                $name(v)
            }
        }

        impl ::core::convert::From<$name> for $int {
            fn from(v: $name) -> Self {
                v.0
            }
        }
    };
}

/// Declares a `bitflags` relaxation set where each flag also carries the clause it relaxes.
///
/// ```
/// m2mwire_core::relaxations! {
///     /// Relaxations of the example protocol.
///     pub struct Relax: u8 {
///         /// Accept a zero length.
///         const ZERO_LENGTH = 1 => "Example §1";
///     }
/// }
/// assert_eq!(Relax::ZERO_LENGTH.clause(), Some("Example §1"));
/// assert_eq!(Relax::describe().len(), 1);
/// ```
#[macro_export]
macro_rules! relaxations {
    (
        $(#[$($meta:tt)*])*
        $vis:vis struct $name:ident: $int:ty {
            $(
                $(#[$($fmeta:tt)*])*
                const $flag:ident = $bit:expr => $clause:expr;
            )*
        }
    ) => {
        $crate::__private::bitflags::bitflags! {
            $(#[$($meta)*])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
            $vis struct $name: $int {
                $(
                    $(#[$($fmeta)*])*
                    const $flag = $bit;
                )*
            }
        }

        impl $name {
            /// The clause a single flag relaxes (`None` for a combination or no flag).
            pub fn clause(self) -> Option<&'static str> {
                $(if self == $name::$flag { return Some($clause); })*
                None
            }

            /// Every flag as `(name, clause)`, for reports and `--help` text.
            pub fn describe() -> &'static [(&'static str, &'static str)] {
                &[$((stringify!($flag), $clause)),*]
            }
        }
    };
}
