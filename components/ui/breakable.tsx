import { Fragment } from "react";

/**
 * A long identifier (an attribute path, a schema URN, a userName) that may wrap only after its dots,
 * colons, slashes and at signs — `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` breaks
 * between its parts, not in the middle of a word.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[.:/@])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}
