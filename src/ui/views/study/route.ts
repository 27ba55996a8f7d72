/** Which study page a path asks for, or null for the lab. */
export function studyPage(pathname: string): 'participant' | 'researcher' | null {
  const path = pathname.replace(/\/+$/, '');
  if (path.endsWith('/study/researcher')) return 'researcher';
  if (path.endsWith('/study')) return 'participant';
  return null;
}
