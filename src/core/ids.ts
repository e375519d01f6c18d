import { uuidv7 } from 'uuidv7';

/** New primary key: UUIDv7, so keys sort by creation time and index well on both engines. */
export function newId(): string {
  return uuidv7();
}
