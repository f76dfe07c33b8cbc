/**
 * The binary XML (BinXml, MS-EVEN6) codes an EVTX record is made of: the token
 * bytes and the value types of substitution values. Tokens may carry the 0x40
 * "more follows" bit: on an element start it says an attribute list follows, on
 * an attribute that another attribute follows.
 */

export const Token = {
  EndOfFile: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  FragmentHeader: 0x0f,
  /** Or-ed into OpenStartElement (attributes follow) and Attribute (another attribute follows). */
  More: 0x40,
} as const;

/** Value types of BinXml values (the ones etwkit writes). */
export const ValueType = {
  String: 0x01,
  UInt8: 0x04,
  UInt16: 0x06,
  UInt32: 0x08,
  UInt64: 0x0a,
  Binary: 0x0e,
  Guid: 0x0f,
  FileTime: 0x11,
  HexInt64: 0x15,
} as const;
export type ValueTypeCode = (typeof ValueType)[keyof typeof ValueType];

/** A fragment header: token, major version 1, minor version 1, flags 0. */
export const FRAGMENT_HEADER = [Token.FragmentHeader, 1, 1, 0] as const;

/** The element start's "dependency identifier" when none applies. */
export const NO_DEPENDENCY = 0xffff;
